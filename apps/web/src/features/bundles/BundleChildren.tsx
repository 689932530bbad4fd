import { Alert, Button, Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CaseProgress } from '../../components/CaseTimeline.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { useLocal } from '../../components/useLocal.ts';
import type { BundleChild, BundleNextStep } from './bundles.ts';

/** Each department's case of the bundle: status, progress, where it is now or what happened last. */
export function BundleChildren({ cases }: { cases: BundleChild[] }) {
  const { t } = useTranslation();
  const { text, date, dateTime } = useLocal();
  return (
    <ul className="tb-plain-list" data-testid="bundle-children">
      {cases.map((c) => {
        const now = c.current[0];
        const step = now ?? c.last;
        return (
          <li key={c.caseId} data-testid={`bundle-child-${c.service.code}`} data-status={c.status}>
            <Card
              size="small"
              className="tb-block"
              title={
                <h3 className="tb-card-title tb-inline-title">
                  <Link to={`/applications/${c.caseId}`}>{text(c.service)}</Link>{' '}
                  <StatusTag status={c.status} />{' '}
                  {c.required ? <Tag>{t('bundles.required')}</Tag> : <Tag>{t('bundles.optional')}</Tag>}
                </h3>
              }
            >
              <dl className="tb-dl">
                <dt>{t('service.department')}</dt>
                <dd>{text(c, 'departmentName')}</dd>
                <dt>{t('applications.caseNumber')}</dt>
                <dd>{c.caseNumber ?? '—'}</dd>
                {step && (
                  <>
                    <dt>{now ? t('bundles.currentStep') : t('bundles.lastStep')}</dt>
                    <dd data-testid="bundle-child-step">
                      {text(step, 'stepName')}
                      {!now && step.at ? ` · ${dateTime(step.at)}` : ''}
                    </dd>
                  </>
                )}
                <dt>{c.decidedAt ? t('bundles.decidedAt') : t('applications.expected')}</dt>
                <dd>{c.decidedAt ? date(c.decidedAt) : date(c.dueAt)}</dd>
              </dl>
              <CaseProgress
                progress={c.progress}
                label={t('applications.progressOf', { name: text(c.service) })}
              />
            </Card>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * What the applicant can do about each case that did not go through: apply again for a refused item
 * alone (a required one keeps the bundle from completing, an optional one does not), or supplement a
 * returned one. The other cases are not affected.
 */
export function BundleNextSteps({ steps }: { steps: BundleNextStep[] }) {
  const { t } = useTranslation();
  const { text } = useLocal();
  const navigate = useNavigate();
  if (!steps.length) return null;
  return (
    <section className="tb-section" aria-labelledby="next-steps-title" data-testid="bundle-next-steps">
      <Typography.Title level={2} id="next-steps-title">
        {t('bundles.nextStepsTitle')}
      </Typography.Title>
      {steps.map((s) => {
        const names = { item: text(s.service), dept: text(s, 'departmentName') };
        const message =
          s.kind === 'supplement'
            ? t('bundles.next.supplement', names)
            : s.required
              ? t('bundles.next.againRequired', names)
              : t('bundles.next.againOptional', names);
        return (
          <Alert
            key={s.caseId}
            type={s.kind === 'supplement' || s.required ? 'warning' : 'info'}
            showIcon
            className="tb-block"
            data-testid={`next-step-${s.service.code}`}
            title={message}
            description={
              <>
                {s.reason && (
                  <p>
                    {t('bundles.reason')}: <strong data-testid="next-step-reason">{s.reason}</strong>
                  </p>
                )}
                {s.kind === 'supplement' ? (
                  <Button type="primary" onClick={() => navigate(`/applications/${s.caseId}/supplement`)}>
                    {t('supplement.start')}
                  </Button>
                ) : (
                  <Button
                    type={s.required ? 'primary' : 'default'}
                    onClick={() => navigate(`/services/${encodeURIComponent(s.service.code)}/apply`)}
                    data-testid="apply-again"
                  >
                    {t('bundles.applyAgain', names)}
                  </Button>
                )}
              </>
            }
          />
        );
      })}
    </section>
  );
}
