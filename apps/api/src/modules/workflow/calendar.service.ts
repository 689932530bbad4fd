import type { CalendarDay, CalendarYear } from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { addDays, type CalendarExceptions, chinaDate, type DayKind, workingDeadline } from './calendar.ts';
import * as repo from './workflow.repository.ts';

/**
 * A district without its own calendar uses its city's, then its province's: the region code
 * itself, then its city (NNNN00) and province (NN0000) codes, the most specific entry winning.
 */
function regionChain(regionCode: string): string[] {
  return [...new Set([regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`])];
}

async function loadExceptions(
  db: Db,
  regionCode: string,
  from: string,
  to: string,
): Promise<CalendarExceptions> {
  const chain = regionChain(regionCode);
  const rows = await repo.calendarExceptions(db, chain, from, to);
  rows.sort((a, b) => chain.indexOf(b.region_code) - chain.indexOf(a.region_code));
  return new Map(rows.map((r) => [r.day, r.kind]));
}

/** A window generous enough for any real holiday season: twice the days plus six weeks. */
const horizonFor = (days: number) => days * 2 + 42;

/**
 * Computes deadlines of up to `maxDays` working days after `from` with one calendar query, for
 * the several tasks one engine step may create.
 */
export async function deadlineCalculator(
  db: Db,
  regionCode: string,
  from: Date,
  maxDays: number,
): Promise<(days: number) => Promise<Date>> {
  const start = chinaDate(from);
  const until = addDays(start, horizonFor(maxDays));
  const exceptions = await loadExceptions(db, regionCode, start, until);
  return async (days) =>
    workingDeadline(exceptions, from, days, until) ?? addWorkingDays(db, regionCode, from, days);
}

/** The end (23:59:59.999 China time, as UTC) of the `days`-th working day after the day of `from`. */
export async function addWorkingDays(db: Db, regionCode: string, from: Date, days: number): Promise<Date> {
  const start = chinaDate(from);
  for (let horizon = horizonFor(days); ; horizon *= 2) {
    const until = addDays(start, horizon);
    const deadline = workingDeadline(await loadExceptions(db, regionCode, start, until), from, days, until);
    if (deadline) return deadline;
  }
}

function presentDay(r: repo.CalendarRow): CalendarDay {
  return { date: r.day, kind: r.kind, nameZh: r.name_zh, nameEn: r.name_en };
}

export async function calendarYear(db: Db, regionCode: string, year: number): Promise<CalendarYear> {
  const rows = await repo.calendarDays(db, regionCode, `${year}-01-01`, `${year}-12-31`);
  return { regionCode, year, days: rows.map(presentDay) };
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
  return inTransaction(db, async (tx) => {
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
  await inTransaction(db, async (tx) => {
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
