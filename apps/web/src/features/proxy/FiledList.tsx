import { Button, Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApplicationSummary } from '../../api/types.ts';
import { usePagedApi } from '../../api/usePagedApi.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { useLocal } from '../../components/useLocal.ts';
import { filerLabel } from './onBehalf.tsx';

/** The cases I filed for others: where to continue a draft, and how each case is going. */
export function FiledList() {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const list = usePagedApi<ApplicationSummary>('/applications/filed', 20);
  const link = (a: ApplicationSummary) =>
    a.status === 'draft' ? `/applications/${a.id}/form` : `/applications/${a.id}`;
  return (
    <>
      <ErrorAlert error={list.error} />
      <div className="tb-table-scroll">
        <Table<ApplicationSummary>
          rowKey="id"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          data-testid="applications-filed"
          locale={{ emptyText: <Empty description={t('proxy.noneFiled')} /> }}
          columns={[
            { title: t('proxy.applicant'), key: 'applicant', render: (_, a) => a.applicantName ?? '—' },
            {
              title: t('applications.service'),
              key: 'service',
              render: (_, a) => <Link to={link(a)}>{text(a.service)}</Link>,
            },
            { title: t('applications.caseNumber'), key: 'case', render: (_, a) => a.caseNumber ?? '—' },
            {
              title: t('applications.status'),
              key: 'status',
              render: (_, a) => <StatusTag status={a.status} />,
            },
            {
              title: t('proxy.filer'),
              key: 'filer',
              render: (_, a) => (a.filedBy ? filerLabel(a.filedBy, t, text) : '—'),
            },
            { title: t('applications.submittedAt'), key: 'at', render: (_, a) => dateTime(a.submittedAt) },
          ]}
        />
      </div>
      {list.hasMore && (
        <div className="tb-actions">
          <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>
        </div>
      )}
    </>
  );
}
