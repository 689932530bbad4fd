import type { CalendarDay, CalendarImportResult, CalendarYear } from '@tongban/contracts';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth.ts';
import { type Db, inTransaction, type Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { CALENDAR_CHANNEL, loadRegionCalendar } from './calendar.cache.ts';
import { parseHolidayCalendar } from './calendar.import.ts';
import {
  type CalendarExceptions,
  chinaDate,
  type DayKind,
  workingDaysBetween,
  workingDeadline,
} from './calendar.ts';
import * as repo from './workflow.repository.ts';
import { calendarCache } from './workflow.runtime.ts';

/** The calendar entries that apply to a region: from the app's cache when it has one. */
export function regionCalendar(db: Db, regionCode: string): Promise<CalendarExceptions> {
  const cache = calendarCache();
  return cache ? cache.exceptions(db, regionCode) : loadRegionCalendar(db, regionCode);
}

/** Entries are finite, so past the last one every weekday works and any deadline is reached. */
const NO_LIMIT = '9999-12-31';

/** Computes deadlines after `from` for the several tasks one engine step may create, reading the calendar once. */
export async function deadlineCalculator(
  db: Db,
  regionCode: string,
  from: Date,
): Promise<(days: number) => Promise<Date>> {
  const exceptions = await regionCalendar(db, regionCode);
  return async (days) => workingDeadline(exceptions, from, days, NO_LIMIT)!;
}

/** The end (23:59:59.999 China time, as UTC) of the `days`-th working day after the day of `from`. */
export async function addWorkingDays(db: Db, regionCode: string, from: Date, days: number): Promise<Date> {
  return workingDeadline(await regionCalendar(db, regionCode), from, days, NO_LIMIT)!;
}

/** Working days a clock stopped at `pausedAt` and restarted at `resumedAt` gives back (calendar.ts). */
export async function pausedWorkingDays(
  db: Db,
  regionCode: string,
  pausedAt: Date,
  resumedAt: Date,
): Promise<number> {
  return workingDaysBetween(await regionCalendar(db, regionCode), chinaDate(pausedAt), chinaDate(resumedAt));
}

function presentDay(r: repo.CalendarRow): CalendarDay {
  return { date: r.day, kind: r.kind, nameZh: r.name_zh, nameEn: r.name_en };
}

export async function calendarYear(db: Db, regionCode: string, year: number): Promise<CalendarYear> {
  const rows = await repo.calendarDays(db, regionCode, `${year}-01-01`, `${year}-12-31`);
  return { regionCode, year, days: rows.map(presentDay) };
}

/**
 * Runs a calendar edit in a transaction that NOTIFYs every process (delivered at commit), and
 * drops this process's cached entries once it is over, committed or not.
 */
export async function editCalendar<T>(db: Db, regionCode: string, edit: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(db, async (tx) => {
      const result = await edit(tx);
      await sql`SELECT pg_notify(${CALENDAR_CHANNEL}, ${regionCode})`.execute(tx);
      return result;
    });
  } finally {
    calendarCache()?.invalidate();
  }
}

export async function setCalendarDay(
  db: Db,
  actor: Actor,
  input: { regionCode: string; date: string; kind: DayKind; nameZh?: string; nameEn?: string },
): Promise<CalendarDay> {
  const row: repo.CalendarRow = {
    region_code: input.regionCode,
    day: input.date,
    kind: input.kind,
    name_zh: input.nameZh ?? null,
    name_en: input.nameEn ?? null,
  };
  return editCalendar(db, input.regionCode, async (tx) => {
    await repo.upsertCalendarDays(tx, [row]);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'calendar.setDay',
      subjectType: 'calendar',
      subjectId: `${input.regionCode}/${input.date}`,
      details: { kind: input.kind, nameZh: row.name_zh, nameEn: row.name_en },
    });
    return presentDay(row);
  });
}

export async function deleteCalendarDay(
  db: Db,
  actor: Actor,
  regionCode: string,
  date: string,
): Promise<void> {
  await editCalendar(db, regionCode, async (tx) => {
    const removed = await repo.deleteCalendarDay(tx, regionCode, date);
    if (!removed) throw new AppError('CALENDAR_DAY_NOT_FOUND');
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'calendar.deleteDay',
      subjectType: 'calendar',
      subjectId: `${regionCode}/${date}`,
      details: { kind: removed.kind },
    });
  });
}

/**
 * Imports an iCalendar feed into a region's calendar: every date it names is written (an existing
 * entry for that date is replaced), other dates are left alone. All or nothing: an unreadable
 * file or one broken event writes nothing.
 */
export async function importCalendar(
  db: Db,
  actor: Actor,
  regionCode: string,
  ics: string,
): Promise<CalendarImportResult> {
  const { days, ignored } = parseHolidayCalendar(ics);
  const rows: repo.CalendarRow[] = days.map((d) => ({
    region_code: regionCode,
    day: d.date,
    kind: d.kind,
    name_zh: d.nameZh,
    name_en: d.nameEn,
  }));
  const holidays = rows.filter((r) => r.kind === 'holiday').length;
  const workdays = rows.length - holidays;
  await editCalendar(db, regionCode, async (tx) => {
    await repo.upsertCalendarDays(tx, rows);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'calendar.import',
      subjectType: 'calendar',
      subjectId: regionCode,
      details: {
        holidays,
        workdays,
        from: rows[0]?.day ?? null,
        to: rows[rows.length - 1]?.day ?? null,
        ignored: ignored.length,
      },
    });
  });
  return { regionCode, holidays, workdays, days: rows.map(presentDay), ignored };
}
