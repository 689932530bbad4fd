import type {
  AutomatedCheck,
  AutomatedCheckDetail,
  DecisionTraceRule,
  PostApprovalReview,
} from '@tongban/contracts';
import { Alert, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLocal } from '../../components/useLocal.ts';

/** A value of the trace as officers read it: strings as they are, the rest as JSON. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The applicant's view of the rules' decision (秒批秒办): approved automatically, or referred to
 * an officer, with the reasons in plain words in the reader's language.
 */
export function AutomaticDecision({ checks }: { checks: AutomatedCheck[] | undefined }) {
  const { t } = useTranslation();
  const { en } = useLocal();
  const check = checks?.at(-1);
  if (!check) return null;
  const reasons = en ? check.explanationEn : check.explanationZh;
  const approved = check.outcome === 'approve';
  return (
    <Alert
      type={approved ? 'success' : 'info'}
      showIcon
      className="tb-block"
      data-testid="automatic-decision"
      data-outcome={check.outcome ?? 'error'}
      title={approved ? t('instant.approved') : t('instant.referred')}
      description={
        <>
          <p>{approved ? t('instant.approvedHint') : t('instant.referredHint')}</p>
          {reasons.length > 0 && (
            <>
              <Typography.Text strong>{t('instant.reasons')}</Typography.Text>
              <ul className="tb-plain-list" data-testid="automatic-reasons">
                {reasons.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          )}
        </>
      }
    />
  );
}

/**
 * The officers' view of each automated check: its outcome, the input values the table read, and
 * every rule it tried (matched, or the entry that failed), with a link to the table itself.
 */
export function AutomatedCheckTrace({ checks }: { checks: AutomatedCheckDetail[] | undefined }) {
  const { t } = useTranslation();
  const { text, dateTime, en } = useLocal();
  if (!checks?.length) return null;
  return (
    <section className="tb-section" aria-labelledby="checks-title" data-testid="automated-checks">
      <Typography.Title level={2} id="checks-title">
        {t('instant.checksTitle')}
      </Typography.Title>
      {checks.map((check) => {
        const trace = check.trace;
        const labels = new Map(trace?.inputs.map((i) => [i.id, text(i, 'label')]) ?? []);
        return (
          <Card
            key={`${check.key}-${check.at}`}
            className="tb-block"
            title={
              <span>
                {text(check, 'name')}{' '}
                <Tag
                  color={
                    check.outcome === 'approve'
                      ? 'success'
                      : check.outcome === 'refer'
                        ? 'processing'
                        : 'error'
                  }
                >
                  {t(`instant.outcome.${check.outcome ?? 'error'}`)}
                </Tag>
              </span>
            }
          >
            <p className="tb-muted">
              {t('instant.table')}:{' '}
              <Link to={`/admin/decisions/${encodeURIComponent(check.decisionKey)}`}>
                {check.decisionKey}
              </Link>
              {trace ? ` · v${trace.version}` : ''} · {dateTime(check.at)}
            </p>
            {check.error && (
              <Alert type="warning" showIcon title={t('instant.error', { code: check.error })} />
            )}
            {(en ? check.explanationEn : check.explanationZh).map((line) => (
              <p key={line}>{line}</p>
            ))}
            {trace && (
              <>
                <Typography.Title level={3}>{t('instant.inputs')}</Typography.Title>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="id"
                  data-testid="trace-inputs"
                  dataSource={trace.inputs}
                  columns={[
                    { title: t('instant.input'), key: 'label', render: (_, i) => text(i, 'label') },
                    {
                      title: t('instant.expression'),
                      key: 'expr',
                      render: (_, i) => <code>{i.expression}</code>,
                    },
                    { title: t('instant.value'), key: 'value', render: (_, i) => shown(i.value) },
                  ]}
                />
                <Typography.Title level={3}>{t('instant.rules')}</Typography.Title>
                <Table<DecisionTraceRule>
                  size="small"
                  pagination={false}
                  rowKey="id"
                  data-testid="trace-rules"
                  dataSource={trace.rules}
                  onRow={(r) => ({ 'data-matched': String(r.matched) }) as never}
                  columns={[
                    { title: t('instant.rule'), dataIndex: 'id' },
                    {
                      title: t('instant.matched'),
                      key: 'matched',
                      render: (_, r) =>
                        r.matched ? (
                          <Tag color="success">{t('instant.yes')}</Tag>
                        ) : (
                          <Tag>{t('instant.no')}</Tag>
                        ),
                    },
                    {
                      title: t('instant.entries'),
                      key: 'entries',
                      render: (_, r) =>
                        r.entries.map((e) => (
                          <div key={e.inputId}>
                            {labels.get(e.inputId) ?? e.inputId}: <code>{e.test}</code> ← {shown(e.value)}{' '}
                            {e.matched ? '✓' : '✗'}
                          </div>
                        )),
                    },
                  ]}
                />
                <p>
                  {t('instant.outputs')}: <code data-testid="trace-outputs">{shown(check.outputs)}</code>
                </p>
              </>
            )}
          </Card>
        );
      })}
    </section>
  );
}

/** The post-approval review (事后抽查) of an automatic approval, for officers and the department head. */
export function PostApprovalReviewStatus({ review }: { review: PostApprovalReview | null | undefined }) {
  const { t } = useTranslation();
  const { dateTime } = useLocal();
  if (!review) return null;
  if (review.outcome === 'flag')
    return (
      <Alert
        type="error"
        showIcon
        className="tb-block"
        data-testid="review-flagged"
        title={t('instant.review.flagged')}
        description={
          <>
            <p>{review.note}</p>
            <p className="tb-muted">
              {review.reviewerName} · {dateTime(review.completedAt)}
            </p>
          </>
        }
      />
    );
  return (
    <Alert
      type={review.outcome === 'confirm' ? 'success' : 'info'}
      showIcon
      className="tb-block"
      data-testid="review-status"
      title={review.outcome === 'confirm' ? t('instant.review.confirmed') : t('instant.review.pending')}
    />
  );
}
