import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { ApiError } from '../api/client.ts';
import { CaseProgress, CaseTimeline } from '../components/CaseTimeline.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useLocal } from '../components/useLocal.ts';
import { WithdrawDialog } from '../components/WithdrawDialog.tsx';
import { returnNote } from '../features/applications/returnNote.ts';
import { useApplication } from '../features/apply/useApplication.ts';
import { PartOfBundle } from '../features/bundles/PartOfBundle.tsx';
import { DeferralPanel } from '../features/casework/DeferralPanel.tsx';
import { AutomaticDecision } from '../features/instant/AutomatedChecks.tsx';
import { BothNames, OnBehalfBanner } from '../features/proxy/onBehalf.tsx';
import { CaseClockPanel } from '../features/sla/CaseClockPanel.tsx';

const WITHDRAWABLE = new Set(['draft', 'submitted', 'accepted', 'in_review', 'returned', 'suspended']);

export default function ApplicationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text, dateTime, date } = useLocal();
  const navigate = useNavigate();
  const { data: app, error, loading, reload } = useApplication(id);
  const [withdrawOpen, setWithdrawOpen] = useState(false);
  const [actionError, setActionError] = useState<ApiError>();

  if (loading && !app) return <Loading />;
  if (error || !app)
    return (
      <>
        <PageTitle>{t('applications.detailTitle')}</PageTitle>
        <ErrorAlert error={error} />
      </>
    );

  const note = app.status === 'returned' ? returnNote(app) : null;

  return (
    <article data-testid="application-detail" data-status={app.status}>
      <PageTitle title={text(app.service) || t('applications.detailTitle')}>
        {text(app.service) || t('applications.detailTitle')}
      </PageTitle>
      <ErrorAlert error={actionError} />
      <OnBehalfBanner app={app} />
      <PartOfBundle bundle={app.bundle} link />
      <AutomaticDecision checks={app.automatedChecks} />
      <CaseClockPanel clock={app.clock} />
      <DeferralPanel
        applicationId={app.id}
        deferral={app.deferral}
        status={app.status}
        applicant
        onChanged={reload}
      />
      {app.status === 'returned' && (
        <Alert
          type="warning"
          showIcon
          className="tb-block"
          data-testid="returned-alert"
          title={t('supplement.returned')}
          description={
            <>
              {note && (
                <p>
                  {t('supplement.officerNote')}: <strong data-testid="return-note">{note}</strong>
                </p>
              )}
              <Button
                type="primary"
                onClick={() => navigate(`/applications/${app.id}/supplement`)}
                data-testid="start-supplement"
              >
                {t('supplement.start')}
              </Button>
            </>
          }
        />
      )}
      {app.status === 'draft' && (
        <Alert
          type="info"
          showIcon
          className="tb-block"
          title={t('applications.draftHint')}
          action={
            <Button onClick={() => navigate(`/applications/${app.id}/form`)} data-testid="continue-draft">
              {t('applications.continue')}
            </Button>
          }
        />
      )}
      <Card className="tb-block">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'status', label: t('applications.status'), children: <StatusTag status={app.status} /> },
            {
              key: 'case',
              label: t('applications.caseNumber'),
              children: <span data-testid="detail-case-number">{app.caseNumber ?? '—'}</span>,
            },
            { key: 'submitted', label: t('applications.submittedAt'), children: dateTime(app.submittedAt) },
            { key: 'due', label: t('applications.expected'), children: date(app.dueAt) },
            ...(app.filedBy
              ? [{ key: 'names', label: t('proxy.names'), children: <BothNames app={app} /> }]
              : []),
          ]}
        />
        <div className="tb-progress-row">
          <span id="progress-label">{t('applications.progress')}</span>
          <CaseProgress progress={app.progress} label={t('applications.progress')} />
        </div>
      </Card>

      {app.decidedAt && (app.status === 'approved' || app.status === 'rejected') && (
        <p className="tb-block" data-testid="decision-notice">
          <a href={`/api/v1/applications/${app.id}/decision-notice.pdf`} download>
            {t('licences.decisionNotice')}
          </a>
          <span className="tb-small tb-muted"> {t('licences.decisionNoticeHint')}</span>
        </p>
      )}
      <section className="tb-section" aria-labelledby="timeline-title">
        <Typography.Title level={2} id="timeline-title">
          {t('timeline.title')}
        </Typography.Title>
        <Card>
          <CaseTimeline entries={app.timeline} />
        </Card>
      </section>

      {WITHDRAWABLE.has(app.status) && !(app.status === 'suspended' && app.decidedAt) && (
        <div className="tb-actions">
          <Button danger onClick={() => setWithdrawOpen(true)} data-testid="withdraw">
            {t('applications.withdraw')}
          </Button>
          <Button onClick={reload}>{t('common.refresh')}</Button>
        </div>
      )}
      <WithdrawDialog
        open={withdrawOpen}
        onClose={() => setWithdrawOpen(false)}
        path={`/applications/${app.id}/withdraw`}
        title={t('applications.withdrawTitle')}
        reasonLabel={t('applications.withdrawReason')}
        successMessage={t('applications.withdrawn')}
        inputId="withdraw-reason"
        confirmTestId="withdraw-confirm"
        onDone={reload}
        onError={setActionError}
      />
    </article>
  );
}
