import { Alert, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { SlaLight } from '../../components/SlaLight.tsx';
import { useLocal } from '../../components/useLocal.ts';
import type { CaseClock } from './api.ts';

/**
 * Both time limits of a case (promised and statutory), why its clock is stopped, and its
 * extensions. The applicant's view has no names or reasons (the API leaves them out).
 */
export function CaseClockPanel({ clock }: { clock: CaseClock | null | undefined }) {
  const { t } = useTranslation();
  const { dateTime, date } = useLocal();
  if (!clock) return null;
  const { pause, extension } = clock;
  return (
    <section className="tb-clock" data-testid="case-clock" aria-label={t('sla.clockTitle')}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'light', label: t('sla.light'), children: <SlaLight light={clock.light} /> },
          {
            key: 'promised',
            label: t('sla.promisedDue'),
            children: <span data-testid="clock-promised">{dateTime(clock.promisedDueAt)}</span>,
          },
          {
            key: 'statutory',
            label: t('sla.statutoryDue'),
            children: (
              <span data-testid="clock-statutory">
                {dateTime(clock.statutoryDueAt)}{' '}
                {clock.overStatutory && (
                  <Tag color="error" data-testid="over-statutory">
                    {t('sla.overStatutory')}
                  </Tag>
                )}
              </span>
            ),
          },
          ...(extension.usedDays || extension.pending
            ? [
                {
                  key: 'extension',
                  label: t('sla.extension'),
                  children: (
                    <span data-testid="clock-extension">
                      {t('sla.extensionUsed', {
                        used: extension.usedDays,
                        allowance: extension.allowanceDays,
                      })}
                      {extension.pending && (
                        <>
                          {' · '}
                          {t('sla.extensionPending', { days: extension.pending.days })}
                        </>
                      )}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      {pause && (
        <Alert
          type="info"
          showIcon
          data-testid="clock-paused"
          title={t('sla.pausedSince', { kind: t(`sla.kind.${pause.kind}`), since: dateTime(pause.since) })}
          description={
            <>
              {pause.plannedUntil && <div>{t('sla.plannedUntil', { date: date(pause.plannedUntil) })}</div>}
              {pause.reason && (
                <div>
                  {t('sla.reason')}: {pause.reason}
                  {pause.byName ? ` (${pause.byName})` : ''}
                </div>
              )}
              <div className="tb-muted">{t('sla.pausedExplain')}</div>
            </>
          }
        />
      )}
    </section>
  );
}
