import { Alert, Button, Card, Descriptions, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import { CaseProgress } from '../components/CaseTimeline.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
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
  const notify = useNotify();
  const { data: c, error, loading, reload } = useBundleCase(id);
  const [withdrawOpen, setWithdrawOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ApiError>();

  if (loading && !c) return <Loading />;
  if (error || !c)
    return (
      <>
        <PageTitle>{t('bundles.caseTitle')}</PageTitle>
        <ErrorAlert error={error} />
      </>
    );

  const withdraw = async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      await api(`${casePath(c.id)}/withdraw`, { method: 'POST', body: { reason: reason.trim() } });
      setWithdrawOpen(false);
      notify.success(t('bundles.withdrawn'));
      reload();
    } catch (e) {
      if (e instanceof ApiError) setActionError(e);
    } finally {
      setBusy(false);
    }
  };
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
      <Modal
        open={withdrawOpen}
        title={t('bundles.withdraw')}
        onCancel={() => setWithdrawOpen(false)}
        onOk={() => void withdraw()}
        okText={t('applications.withdrawConfirm')}
        cancelText={t('common.cancel')}
        okButtonProps={
          {
            danger: true,
            loading: busy,
            disabled: !reason.trim(),
            'data-testid': 'withdraw-bundle-confirm',
          } as never
        }
      >
        <Typography.Paragraph>{t('bundles.withdrawHint')}</Typography.Paragraph>
        <label htmlFor="bundle-withdraw-reason">{t('bundles.withdrawReason')}</label>
        <Input.TextArea
          id="bundle-withdraw-reason"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
        />
      </Modal>
    </article>
  );
}
