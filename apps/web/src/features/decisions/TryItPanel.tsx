import type { DecisionTable, DecisionTestRun } from '@tongban/contracts';
import { Alert, Button, Descriptions, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useNotify } from '../../components/LiveRegion.tsx';
import { useLocal } from '../../components/useLocal.ts';
import { testRun } from './api.ts';
import { buildContext, fieldKind, isPlainPath } from './tryIt.ts';

function show(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Enter input values, run the version on the server (nothing stored), see outputs, matched rules and the explanation. */
export function TryItPanel({
  tableKey,
  version,
  table,
  onResult,
}: {
  tableKey: string;
  version: number;
  table: DecisionTable;
  onResult: (run: DecisionTestRun | null) => void;
}) {
  const { t } = useTranslation();
  const { text, en } = useLocal();
  const notify = useNotify();
  const [values, setValues] = useState<Record<string, string>>({});
  const [extra, setExtra] = useState('');
  const [jsonError, setJsonError] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [run, setRun] = useState<DecisionTestRun | null>(null);
  const set = (id: string, v: string) => setValues((prev) => ({ ...prev, [id]: v }));

  const submit = async () => {
    const built = buildContext(table.inputs, values, extra);
    if ('error' in built) {
      setJsonError(true);
      return;
    }
    setJsonError(false);
    setRunning(true);
    setError(undefined);
    try {
      const result = await testRun(tableKey, version, built.context);
      setRun(result);
      onResult(result);
      notify.announce(
        result.matched.length
          ? t('decisions.matchedRules', { rules: result.matched.join(', ') })
          : t('decisions.noMatch'),
      );
    } catch (e) {
      setRun(null);
      onResult(null);
      if (e instanceof ApiError) setError(e);
    } finally {
      setRunning(false);
    }
  };

  const outputRows = (o: Record<string, unknown>) =>
    table.outputs.map((col) => ({ key: col.name, label: text(col, 'label'), children: show(o[col.name]) }));

  return (
    <div data-testid="try-it">
      <p className="tb-muted">{t('decisions.tryItHint')}</p>
      <Form layout="vertical" onFinish={() => void submit()}>
        {table.inputs.map((input) => {
          const id = `try-${input.id}`;
          const label = text(input, 'label');
          if (!isPlainPath(input.expression)) {
            return (
              <p key={input.id} className="tb-muted">
                {label}: {t('decisions.computed', { expression: input.expression })}
              </p>
            );
          }
          const kind = fieldKind(input);
          if (kind === 'select' || kind === 'boolean') {
            const options =
              kind === 'boolean'
                ? [
                    { value: 'true', label: t('decisions.yes') },
                    { value: 'false', label: t('decisions.no') },
                  ]
                : Object.entries(input.valueLabels ?? {}).map(([value, words]) => ({
                    value,
                    label: en ? words.en : words.zh,
                  }));
            return (
              <Form.Item key={input.id} label={label} htmlFor={id}>
                <Select
                  id={id}
                  allowClear
                  placeholder={t('decisions.notGiven')}
                  value={values[input.id] || undefined}
                  onChange={(v) => set(input.id, v ?? '')}
                  options={options}
                  data-testid={`try-input-${input.id}`}
                />
              </Form.Item>
            );
          }
          return (
            <Form.Item
              key={input.id}
              label={kind === 'yuan' ? t('decisions.yuan', { label }) : label}
              htmlFor={id}
            >
              <Input
                id={id}
                inputMode={kind === 'text' ? 'text' : 'decimal'}
                value={values[input.id] ?? ''}
                onChange={(e) => set(input.id, e.target.value)}
                placeholder={t('decisions.notGiven')}
                data-testid={`try-input-${input.id}`}
              />
            </Form.Item>
          );
        })}
        <Form.Item
          label={t('decisions.moreContext')}
          htmlFor="try-context"
          validateStatus={jsonError ? 'error' : undefined}
          help={jsonError ? t('decisions.jsonInvalid') : undefined}
        >
          <Input.TextArea
            id="try-context"
            rows={3}
            value={extra}
            onChange={(e) => setExtra(e.target.value)}
            placeholder='{"applicant": {"age": 30}}'
            aria-invalid={jsonError}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={running} data-testid="try-run">
          {t('decisions.run')}
        </Button>
      </Form>
      <ErrorAlert error={error} />
      {run && (
        <section className="tb-block" aria-labelledby="try-result" data-testid="try-result">
          <h3 id="try-result">{t('decisions.result')}</h3>
          {run.outputs === null || (Array.isArray(run.outputs) && run.outputs.length === 0) ? (
            <Alert type="info" showIcon title={t('decisions.noMatch')} />
          ) : Array.isArray(run.outputs) ? (
            <Table
              size="small"
              pagination={false}
              rowKey={(_, i) => String(i)}
              dataSource={run.outputs}
              columns={table.outputs.map((col) => ({
                title: text(col, 'label'),
                key: col.name,
                render: (_: unknown, row: Record<string, unknown>) => show(row[col.name]),
              }))}
            />
          ) : (
            <Descriptions size="small" bordered column={1} items={outputRows(run.outputs)} />
          )}
          {run.matched.length > 0 && (
            <p data-testid="try-matched">{t('decisions.matchedRules', { rules: run.matched.join(', ') })}</p>
          )}
          <h4>{t('decisions.explanation')}</h4>
          <ul className="tb-dt-explanation" data-testid="try-explanation">
            {run.explanation.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
