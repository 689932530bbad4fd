import { Progress, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Progress as ProgressData, TimelineEntry } from '../api/types.ts';
import { useLocal } from './useLocal.ts';

const COLOURS: Record<string, string> = {
  completed: 'green',
  approved: 'green',
  open: 'blue',
  claimed: 'blue',
  returned: 'orange',
  rejected: 'red',
  cancelled: 'gray',
};

/** Every node of a case: step, department, who, when, note, due date. */
export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  if (!entries.length) return <Typography.Paragraph>{t('timeline.empty')}</Typography.Paragraph>;
  return (
    <Timeline
      data-testid="case-timeline"
      items={entries.map((e, i) => {
        const step = text(e, 'stepName') || t(`timeline.kind.${e.kind}`, { defaultValue: e.kind });
        const dept = text(e, 'departmentName');
        return {
          key: `${e.at}-${i}`,
          color: e.clock ? 'gray' : (COLOURS[e.status ?? ''] ?? 'blue'),
          content: (
            <div className="tb-timeline-node" data-testid="timeline-node" data-status={e.status ?? ''}>
              <Typography.Text strong>{step}</Typography.Text>
              {/* A pause, resume, extension or escalation is an event, not a step with a status. */}
              {e.status && !e.clock && (
                <span className="tb-muted"> · {t(`taskStatus.${e.status}`, { defaultValue: e.status })}</span>
              )}
              {e.kind === 'automated' && e.outcome && (
                <Tag data-testid="automated-outcome">
                  {t(`instant.outcome.${e.outcome}`, { defaultValue: e.outcome })}
                </Tag>
              )}
              <dl className="tb-dl">
                {dept && (
                  <>
                    <dt>{t('timeline.department')}</dt>
                    <dd>{dept}</dd>
                  </>
                )}
                {e.actorName && (
                  <>
                    <dt>{t('timeline.who')}</dt>
                    <dd>{e.actorName}</dd>
                  </>
                )}
                <dt>{t('timeline.when')}</dt>
                <dd>{dateTime(e.at)}</dd>
                {e.dueAt && (
                  <>
                    <dt>{t('timeline.due')}</dt>
                    <dd>{dateTime(e.dueAt)}</dd>
                  </>
                )}
                {e.note && (
                  <>
                    <dt>{t('timeline.note')}</dt>
                    <dd>{e.note}</dd>
                  </>
                )}
              </dl>
            </div>
          ),
        };
      })}
    />
  );
}

export function CaseProgress({
  progress,
  label,
}: {
  progress: ProgressData | null | undefined;
  label?: string;
}) {
  const { t } = useTranslation();
  const percent = progress?.percent ?? 0;
  return (
    <Progress
      percent={percent}
      aria-label={label ?? t('applications.progress')}
      data-testid="case-progress"
      format={(p) => `${p}%`}
    />
  );
}
