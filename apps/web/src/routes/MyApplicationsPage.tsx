import { Button, Card, Empty, Grid, Progress, Segmented, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ApplicationListItem as Application, CaseStatus } from '../api/types.ts';
import { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useLocal } from '../components/useLocal.ts';
import { MyBundles } from '../features/bundles/MyBundles.tsx';
import { BothNames } from '../features/proxy/onBehalf.tsx';

// The list answers summaries without step counts; until it does, the bar shows how far the status is along.
const STATUS_PERCENT: Record<CaseStatus, number> = {
  draft: 0,
  submitted: 10,
  accepted: 30,
  in_review: 60,
  returned: 50,
  approved: 100,
  rejected: 100,
  withdrawn: 0,
  suspended: 60,
  revoked: 100,
};

const FILTERS: Array<CaseStatus | ''> = ['', 'draft', 'in_review', 'returned', 'approved', 'rejected'];

export default function MyApplicationsPage() {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const phone = Grid.useBreakpoint().md === false;
  const list = usePagedApi<Application>(`/applications${status ? `?status=${status}` : ''}`, 50);

  const nextStep = (a: Application) =>
    a.status === 'draft' ? (
      <Link to={`/applications/${a.id}/form`}>{t('applications.continue')}</Link>
    ) : a.status === 'returned' ? (
      <Link to={`/applications/${a.id}/supplement`}>{t('applications.supplement')}</Link>
    ) : (
      <Link to={`/applications/${a.id}`}>{t('applications.view')}</Link>
    );
  const bar = (a: Application) => (
    <Progress
      percent={a.progress?.percent ?? STATUS_PERCENT[a.status]}
      status={a.status === 'rejected' ? 'exception' : undefined}
      size="small"
      aria-label={t('applications.progressOf', { name: text(a.service) })}
    />
  );
  const items = list.items;

  return (
    <>
      <PageTitle>{t('applications.title')}</PageTitle>
      <MyBundles />
      <div className="tb-block tb-scroll-x">
        <Segmented
          aria-label={t('applications.filter')}
          value={status}
          onChange={(v) => setParams(v ? { status: String(v) } : {})}
          options={FILTERS.map((s) => ({ value: s, label: s ? t(`status.${s}`) : t('services.all') }))}
        />
      </div>
      <ErrorAlert error={list.error} />
      {phone ? (
        !list.loading && items.length === 0 ? (
          <Empty description={t('applications.none')} />
        ) : (
          <ul className="tb-mobile-list" data-testid="applications-table">
            {items.map((a) => (
              <li key={a.id} data-testid={`application-row-${a.id}`} data-status={a.status}>
                <Card size="small">
                  <Link to={`/applications/${a.id}`} data-testid="application-link">
                    {text(a.service) || a.id}
                  </Link>
                  {a.filedBy && (
                    <div className="tb-small">
                      <BothNames app={a} />
                    </div>
                  )}
                  <dl className="tb-dl">
                    <dt>{t('applications.caseNumber')}</dt>
                    <dd>{a.caseNumber ?? '—'}</dd>
                    <dt>{t('applications.status')}</dt>
                    <dd>
                      <StatusTag status={a.status} />
                    </dd>
                    <dt>{t('applications.submittedAt')}</dt>
                    <dd>{dateTime(a.submittedAt)}</dd>
                  </dl>
                  {bar(a)}
                  {nextStep(a)}
                </Card>
              </li>
            ))}
          </ul>
        )
      ) : (
        <div className="tb-table-scroll">
          <Table<Application>
            rowKey="id"
            loading={list.loading}
            dataSource={items}
            pagination={false}
            data-testid="applications-table"
            locale={{ emptyText: <Empty description={t('applications.none')} /> }}
            onRow={(a) => ({ 'data-testid': `application-row-${a.id}`, 'data-status': a.status }) as never}
            columns={[
              {
                title: t('applications.service'),
                key: 'service',
                render: (_, a) => (
                  <>
                    <Link to={`/applications/${a.id}`} data-testid="application-link">
                      {text(a.service) || a.id}
                    </Link>
                    {a.filedBy && (
                      <div className="tb-small">
                        <BothNames app={a} />
                      </div>
                    )}
                  </>
                ),
              },
              { title: t('applications.caseNumber'), key: 'case', render: (_, a) => a.caseNumber ?? '—' },
              {
                title: t('applications.status'),
                key: 'status',
                render: (_, a) => <StatusTag status={a.status} />,
              },
              {
                title: t('applications.progress'),
                key: 'progress',
                width: 180,
                render: (_, a) => bar(a),
              },
              { title: t('applications.submittedAt'), key: 'at', render: (_, a) => dateTime(a.submittedAt) },
              {
                title: t('applications.actions'),
                key: 'actions',
                render: (_, a) => nextStep(a),
              },
            ]}
          />
        </div>
      )}
      <div className="tb-actions">
        {list.hasMore && <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>}
        <Button onClick={list.reload}>{t('common.refresh')}</Button>
      </div>
    </>
  );
}
