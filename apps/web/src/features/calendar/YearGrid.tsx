import './calendar.css';
import { useTranslation } from 'react-i18next';
import { useLocal } from '../../components/useLocal.ts';
import { type CalendarDay, isWeekend, monthsOf, monthWeeks } from './api.ts';

interface Props {
  year: number;
  days: CalendarDay[];
  /** Undefined: read only. */
  onPick?: (date: string, entry: CalendarDay | undefined) => void;
}

/** Twelve months of a region's calendar: holidays in red, make-up working days marked 班, weekends grey. */
export function YearGrid({ year, days, onPick }: Props) {
  const { t, i18n } = useTranslation();
  const { text } = useLocal();
  const byDate = new Map(days.map((d) => [d.date, d]));
  const monthName = (m: number) =>
    new Intl.DateTimeFormat(i18n.language === 'en' ? 'en' : 'zh-CN', {
      month: 'long',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(year, m, 1)));
  const weekdays = t('calendar.weekdays').split(',');
  return (
    <div className="tb-year-grid" data-testid="calendar-year">
      {monthsOf(year).map(({ index: m, key }) => (
        <table key={key} className="tb-month" aria-label={monthName(m)}>
          <caption>{monthName(m)}</caption>
          <thead>
            <tr>
              {weekdays.map((w) => (
                <th key={w} scope="col">
                  {w}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {monthWeeks(year, m).map((week) => (
              <tr key={week[0]!.key}>
                {week.map(({ key: cell, date }) => {
                  if (!date) return <td key={cell} />;
                  const entry = byDate.get(date);
                  const kind = entry?.kind ?? (isWeekend(date) ? 'weekend' : 'normal');
                  const name = entry ? text(entry) : '';
                  const day = Number(date.slice(8));
                  const mark =
                    kind === 'workday'
                      ? t('calendar.workdayMark')
                      : kind === 'holiday'
                        ? t('calendar.holidayMark')
                        : '';
                  // The name starts with what the button shows, "1" or "1休" (WCAG 2.5.3 label in name), then the full date.
                  const label = `${day}${mark} (${date} ${t(`calendar.kind.${kind}`)}${name ? ` ${name}` : ''})`;
                  return (
                    <td key={date}>
                      <button
                        type="button"
                        className={`tb-day tb-day-${kind}`}
                        aria-label={label}
                        title={label}
                        disabled={!onPick}
                        onClick={() => onPick?.(date, entry)}
                        data-testid={`day-${date}`}
                        data-kind={kind}
                      >
                        {day}
                        {mark && (
                          <span className="tb-day-mark" aria-hidden="true">
                            {mark}
                          </span>
                        )}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
