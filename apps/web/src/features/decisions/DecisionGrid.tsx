import type { DecisionRule, DecisionTable, DecisionTrace } from '@tongban/contracts';
import { Table, type TableColumnsType, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocal } from '../../components/useLocal.ts';
import { hitPolicyMark } from './tryIt.ts';
import './decisions.css';

/** The hit policy in words: "首个命中（FIRST）", "全部命中（COLLECT） · 求和". */
export function usePolicyWords() {
  const { t } = useTranslation();
  return (hitPolicy: string, aggregation?: string | null) =>
    `${t(`decisions.policy.${hitPolicy}`)}${aggregation ? ` · ${t(`decisions.aggregation.${aggregation}`)}` : ''}`;
}

/**
 * A decision table as DMN modelers draw it: the hit policy in the corner cell, the input columns
 * (label and expression) then the output columns, one row per rule. After a test run the matched
 * rules are highlighted and, for rules that were tried and failed, the entry that failed is marked.
 */
export function DecisionGrid({
  table,
  version,
  trace,
}: {
  table: DecisionTable;
  version: number;
  trace?: DecisionTrace | null;
}) {
  const { t } = useTranslation();
  const { text } = useLocal();
  const policyWords = usePolicyWords();
  const matched = new Set(trace?.matched ?? []);
  const failedAt = new Map(
    (trace?.rules ?? []).filter((r) => !r.matched).map((r) => [r.id, r.entries[0]?.inputId]),
  );
  const policy = t('decisions.policyLabel', { policy: policyWords(table.hitPolicy, table.aggregation) });

  const columns: TableColumnsType<DecisionRule> = [
    {
      title: (
        <abbr className="tb-dt-corner" title={policy} aria-label={policy} data-testid="hit-policy">
          {hitPolicyMark(table.hitPolicy, table.aggregation)}
        </abbr>
      ),
      key: 'n',
      width: 72,
      render: (_, rule, i) => (
        <>
          <span>{i + 1}</span>
          {matched.has(rule.id) && (
            <Tag color="blue" className="tb-block" data-testid="rule-matched">
              {t('decisions.matched')}
            </Tag>
          )}
        </>
      ),
    },
  ];
  if (table.inputs.length) {
    columns.push({
      title: t('decisions.inputs'),
      children: table.inputs.map((input, k) => ({
        title: (
          <>
            {text(input, 'label')}
            <code className="tb-dt-expr">{input.expression}</code>
          </>
        ),
        key: `in-${input.id}`,
        onCell: (rule: DecisionRule) => ({
          className: failedAt.get(rule.id) === input.id ? 'tb-dt-failed' : undefined,
        }),
        render: (_: unknown, rule: DecisionRule) => (
          <>
            <code>{rule.inputEntries[k]?.trim() || '-'}</code>
            {failedAt.get(rule.id) === input.id && (
              <span className="tb-dt-failed-mark">{t('decisions.notMet')}</span>
            )}
          </>
        ),
      })),
    });
  }
  columns.push(
    {
      title: t('decisions.outputs'),
      children: table.outputs.map((output, k) => ({
        title: (
          <>
            {text(output, 'label')}
            <code className="tb-dt-expr">{output.name}</code>
          </>
        ),
        key: `out-${output.id}`,
        render: (_: unknown, rule: DecisionRule) => <code>{rule.outputEntries[k]?.trim() || 'null'}</code>,
      })),
    },
    {
      title: t('decisions.description'),
      key: 'description',
      render: (_, rule) => text(rule, 'description'),
    },
  );

  return (
    <div className="tb-table-scroll tb-dt-grid">
      <Table<DecisionRule>
        rowKey="id"
        size="small"
        bordered
        pagination={false}
        dataSource={table.rules}
        columns={columns}
        aria-label={t('decisions.gridCaption', { name: text(table, 'name'), version })}
        data-testid="decision-grid"
        rowClassName={(rule) => (matched.has(rule.id) ? 'tb-dt-matched' : '')}
        onRow={(rule) =>
          ({ 'data-testid': `rule-${rule.id}`, 'data-matched': String(matched.has(rule.id)) }) as never
        }
      />
    </div>
  );
}
