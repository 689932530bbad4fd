import type { DecisionVersionSummary } from '@tongban/contracts';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLocal } from '../../components/useLocal.ts';
import { tablePath } from './api.ts';

/** A table's versions, newest first: who made each, when, from what; the shown one is marked. */
export function VersionList({
  tableKey,
  versions,
  shown,
}: {
  tableKey: string;
  versions: DecisionVersionSummary[];
  shown: number;
}) {
  const { t } = useTranslation();
  const { dateTime } = useLocal();
  return (
    <div className="tb-table-scroll">
      <Table<DecisionVersionSummary>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={versions}
        data-testid="decision-versions"
        onRow={(v) => ({ 'data-testid': `version-${v.version}` }) as never}
        columns={[
          {
            title: t('decisions.version'),
            key: 'version',
            render: (_, v) =>
              v.version === shown ? (
                <strong aria-current="page">
                  {t('decisions.versionN', { n: v.version })} <Tag>{t('decisions.shown')}</Tag>
                </strong>
              ) : (
                <Link
                  to={`/admin/decisions/${encodeURIComponent(tableKey)}?version=${v.version}`}
                  aria-label={t('decisions.showVersion', { n: v.version })}
                >
                  {t('decisions.versionN', { n: v.version })}
                </Link>
              ),
          },
          { title: t('decisions.rules'), dataIndex: 'ruleCount' },
          {
            title: t('decisions.sourceLabel'),
            key: 'source',
            render: (_, v) => <Tag>{t(`decisions.source.${v.source}`)}</Tag>,
          },
          {
            title: t('decisions.createdBy'),
            key: 'by',
            render: (_, v) => v.createdByName ?? t('decisions.system'),
          },
          { title: t('decisions.createdAt'), key: 'at', render: (_, v) => dateTime(v.createdAt) },
        ]}
      />
      <p className="tb-muted">
        <a href={`/api/v1${tablePath(tableKey)}/versions/${shown}`} target="_blank" rel="noreferrer">
          {t('decisions.viewJson')}
        </a>
      </p>
    </div>
  );
}
