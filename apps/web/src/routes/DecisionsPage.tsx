import type { DecisionTableSummary } from '@tongban/contracts';
import { Button, Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';
import { usePolicyWords } from '../features/decisions/DecisionGrid.tsx';
import { hitPolicyMark } from '../features/decisions/tryIt.ts';

/** Every decision table with its latest version; department admins may import DMN. */
export default function DecisionsPage() {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const { me } = useAuth();
  const navigate = useNavigate();
  const policyWords = usePolicyWords();
  const list = usePagedApi<DecisionTableSummary>('/admin/decisions', 50);
  const admin = (me?.account.roles ?? []).some((r) => r.role === 'dept_admin');
  return (
    <>
      <PageTitle>{t('decisions.title')}</PageTitle>
      {admin && (
        <div className="tb-actions">
          <Button
            type="primary"
            onClick={() => navigate('/admin/decisions/import')}
            data-testid="decisions-import"
          >
            {t('decisions.import')}
          </Button>
        </div>
      )}
      <ErrorAlert error={list.error} />
      <div className="tb-table-scroll">
        <Table<DecisionTableSummary>
          rowKey="key"
          size="middle"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          data-testid="decision-tables"
          locale={{ emptyText: <Empty description={t('decisions.empty')} /> }}
          onRow={(row) => ({ 'data-testid': `decision-row-${row.key}` }) as never}
          columns={[
            {
              title: t('decisions.name'),
              key: 'name',
              render: (_, row) => (
                <Link to={`/admin/decisions/${encodeURIComponent(row.key)}`} data-testid="decision-open">
                  {text(row.latest, 'name')}
                </Link>
              ),
            },
            { title: t('decisions.key'), key: 'key', render: (_, row) => <code>{row.key}</code> },
            {
              title: t('decisions.owner'),
              key: 'owner',
              render: (_, row) => text(row, 'ownerDepartmentName'),
            },
            {
              title: t('decisions.hitPolicy'),
              key: 'policy',
              render: (_, row) => (
                <span title={policyWords(row.latest.hitPolicy)}>
                  {hitPolicyMark(row.latest.hitPolicy)} · {policyWords(row.latest.hitPolicy)}
                </span>
              ),
            },
            {
              title: t('decisions.latest'),
              key: 'version',
              render: (_, row) => t('decisions.versionN', { n: row.latest.version }),
            },
            { title: t('decisions.rules'), key: 'rules', render: (_, row) => row.latest.ruleCount },
            {
              title: t('decisions.updated'),
              key: 'updated',
              render: (_, row) => dateTime(row.latest.createdAt),
            },
          ]}
        />
      </div>
      <div className="tb-actions">
        {list.hasMore && <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>}
      </div>
    </>
  );
}
