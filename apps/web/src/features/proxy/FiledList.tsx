import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApplicationSummary } from '../../api/types.ts';
import { usePagedApi } from '../../api/usePagedApi.ts';
import { PagedTable } from '../../components/PagedTable.tsx';
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
    <PagedTable<ApplicationSummary>
      list={list}
      testId="applications-filed"
      empty={t('proxy.noneFiled')}
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
  );
}
