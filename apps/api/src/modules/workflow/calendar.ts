import type { SlaLight } from '@tongban/contracts';

/**
 * Working-day arithmetic on a region's calendar (DESIGN.md rule 8). Weekends are non-working
 * unless the calendar marks them as make-up working days (调休); listed holidays are non-working.
 * Days are counted in China time (UTC+8); instants are stored and returned in UTC.
 */
export type DayKind = 'holiday' | 'workday';
export type CalendarExceptions = ReadonlyMap<string, DayKind>;

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The China calendar date ('YYYY-MM-DD') of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, exceptions: CalendarExceptions): boolean {
  const kind = exceptions.get(date);
  if (kind) return kind === 'workday';
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The last instant (23:59:59.999 China time) of `date`, in UTC. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - CHINA_OFFSET_MS - 1);
}

/**
 * The deadline `days` working days after `from`: the end of the Nth working day after the start
 * day (the start day itself never counts, so a case filed at 23:00 gets the same time as one at 9:00).
 * Returns undefined when the calendar window (`until`, inclusive) ends before the deadline.
 */
export function workingDeadline(
  exceptions: CalendarExceptions,
  from: Date,
  days: number,
  until: string,
): Date | undefined {
  let day = chinaDate(from);
  let left = days;
  while (left > 0) {
    day = addDays(day, 1);
    if (day > until) return undefined;
    if (isWorkingDay(day, exceptions)) left -= 1;
  }
  return endOfChinaDay(day);
}

/**
 * The working days a stopped clock gives back: those strictly after the day it stopped, up to and
 * including the day it restarted. The pause day was already counted against the department (the
 * deadline arithmetic never counts the start day, so the day work began is theirs); the resume
 * day is given back whole, because work can only start again that day. A pause and resume on the
 * same day gives back nothing; a pause on Friday and resume on Monday gives back Monday only.
 */
export function workingDaysBetween(
  exceptions: CalendarExceptions,
  pausedDay: string,
  resumedDay: string,
): number {
  let n = 0;
  for (let day = addDays(pausedDay, 1); day <= resumedDay; day = addDays(day, 1)) {
    if (isWorkingDay(day, exceptions)) n += 1;
  }
  return n;
}

/** Where the light turns yellow: the last 20% of the allowed span. */
export function yellowFrom(start: Date, due: Date): Date {
  return new Date(due.getTime() - (due.getTime() - start.getTime()) * 0.2);
}

/** Green, then yellow in the last 20% of the allowed span, red once overdue. */
export function slaLight(start: Date, due: Date, now: Date): Exclude<SlaLight, 'paused'> {
  const t = now.getTime();
  if (t > due.getTime()) return 'red';
  return t >= yellowFrom(start, due).getTime() ? 'yellow' : 'green';
}
