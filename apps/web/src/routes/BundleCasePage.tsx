import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { ApiError } from '../api/client.ts';
import { CaseProgress } from '../components/CaseTimeline.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { WithdrawDialog } from '../components/WithdrawDialog.tsx';
import { BundleChildren, BundleNextSteps } from '../features/bundles/BundleChildren.tsx';
import { BundleStatusTag } from '../features/bundles/BundleStatusTag.tsx';
import { casePath, useBundleCase } from '../features/bundles/bundles.ts';

const WITHDRAWABLE = new Set(['draft', 'in_progress']);
const OUTCOME_TYPE = {
  completed: 'success',
  partially_completed: 'warning',
  rejected: 'error',
  withdrawn: 'info',
} as const;

/** The combined progress of a bundle application: its outcome, each department's case, what to do. */
export default function BundleCasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const navigate = useNavigate();
  const { data: c, error, loading, reload } = useBundleCase(id);
  const [withdrawOpen, setWithdrawOpen] = useState(false);
  const [actionError, setActionError] = useState<ApiError>();

  if (loading && !c) return <Loading />;
  if (error || !c)
    return (
      <>
        <PageTitle>{t('bundles.caseTitle')}</PageTitle>
        <ErrorAlert error={error} />
      </>
    );

  const outcome = c.status in OUTCOME_TYPE ? (c.status as keyof typeof OUTCOME_TYPE) : null;

  return (
    <article data-testid="bundle-case" data-status={c.status}>
      <PageTitle title={`${text(c.bundle)} - ${t('bundles.caseTitle')}`}>
        {text(c.bundle)}
        <span className="tb-h1-sub">{t('bundles.caseTitle')}</span>
      </PageTitle>
      <ErrorAlert error={actionError} />
      {c.status === 'draft' && (
        <Alert
          type="info"
          showIcon
          className="tb-block"
          title={t('applications.draftHint')}
          action={
            <Button onClick={() => navigate(`${casePath(c.id)}/items`)} data-testid="continue-bundle">
              {t('applications.continue')}
            </Button>
          }
        />
      )}
      {outcome && (
        <Alert
          type={OUTCOME_TYPE[outcome]}
          showIcon
          className="tb-block"
          data-testid="bundle-outcome"
          title={t(`bundles.outcome.${outcome}`)}
          description={c.withdrawReason ? `${t('bundles.withdrawReason')}: ${c.withdrawReason}` : undefined}
        />
      )}
      <Card className="tb-block">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'status',
              label: t('applications.status'),
              children: <BundleStatusTag status={c.status} />,
            },
            {
              key: 'number',
              label: t('bundles.bundleNumber'),
              children: <span data-testid="bundle-number">{c.bundleNumber ?? '—'}</span>,
            },
            { key: 'submitted', label: t('applications.submittedAt'), children: dateTime(c.submittedAt) },
            { key: 'finished', label: t('bundles.finishedAt'), children: dateTime(c.finishedAt) },
          ]}
        />
        {c.children.length > 0 && (
          <div className="tb-progress-row">
            <span>{t('bundles.overall')}</span>
            <CaseProgress progress={c.progress} label={t('bundles.overall')} />
          </div>
        )}
      </Card>

      <BundleNextSteps steps={c.nextSteps} />

      {c.children.length > 0 && (
        <section className="tb-section" aria-labelledby="bundle-children-title">
          <Typography.Title level={2} id="bundle-children-title">
            {t('bundles.children')}
          </Typography.Title>
          <BundleChildren cases={c.children} />
        </section>
      )}

      <div className="tb-actions">
        {WITHDRAWABLE.has(c.status) && (
          <Button danger onClick={() => setWithdrawOpen(true)} data-testid="withdraw-bundle">
            {t('bundles.withdraw')}
          </Button>
        )}
        <Button onClick={reload}>{t('common.refresh')}</Button>
      </div>
      <WithdrawDialog
        open={withdrawOpen}
        onClose={() => setWithdrawOpen(false)}
        path={`${casePath(c.id)}/withdraw`}
        title={t('bundles.withdraw')}
        hint={t('bundles.withdrawHint')}
        reasonLabel={t('bundles.withdrawReason')}
        successMessage={t('bundles.withdrawn')}
        inputId="bundle-withdraw-reason"
        confirmTestId="withdraw-bundle-confirm"
        onDone={reload}
        onError={setActionError}
      />
    </article>
  );
}
