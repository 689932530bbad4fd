import ICAL from 'ical.js';
import { AppError } from '../../platform/errors.ts';
import { addDays, type DayKind } from './calendar.ts';

/**
 * Reads the holiday feeds people publish as iCalendar (the State Council schedule as the popular
 * Chinese holiday calendars carry it): all-day events, a holiday when CATEGORIES says `holiday` or
 * the SUMMARY says 休 or 假, a make-up working day (调休上班) when CATEGORIES says `workday` or the
 * SUMMARY says 班 (补班, 上班; it wins over 休 in 调休上班). DTEND is exclusive, as RFC 5545 says.
 */
export interface ImportedDay {
  date: string;
  kind: DayKind;
  nameZh: string | null;
  nameEn: string | null;
}

export type IgnoredReason = 'not_all_day' | 'recurring' | 'not_a_calendar_day';

export interface IgnoredEvent {
  uid: string | null;
  summary: string | null;
  reason: IgnoredReason;
}

export interface InvalidEvent {
  uid: string | null;
  summary: string | null;
  problem: string;
}

export interface ParsedCalendar {
  days: ImportedDay[];
  ignored: IgnoredEvent[];
}

/** A holiday block is at most a few weeks; anything longer is a mistake in the feed. */
const MAX_SPAN_DAYS = 31;

const FESTIVALS: [zh: string, en: string][] = [
  ['元旦', "New Year's Day"],
  ['春节', 'Spring Festival'],
  ['清明', 'Qingming Festival'],
  ['劳动', 'Labour Day'],
  ['五一', 'Labour Day'],
  ['端午', 'Dragon Boat Festival'],
  ['中秋', 'Mid-Autumn Festival'],
  ['国庆', 'National Day'],
];

function englishName(summary: string, kind: DayKind): string | null {
  const en = FESTIVALS.find(([zh]) => summary.includes(zh))?.[1];
  if (!en) return null;
  return kind === 'holiday' ? en : `${en} make-up working day`;
}

function kindOf(summary: string, categories: string[]): DayKind | 'both' | null {
  const cats = new Set(categories.map((c) => c.trim().toLowerCase()));
  if (cats.has('holiday') && cats.has('workday')) return 'both';
  if (cats.has('holiday')) return 'holiday';
  if (cats.has('workday')) return 'workday';
  if (summary.includes('班')) return 'workday';
  if (summary.includes('休') || summary.includes('假')) return 'holiday';
  return null;
}

function isoDate(t: ICAL.Time): string {
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/**
 * Parses an .ics text into calendar days. Events that are not calendar days are listed as ignored;
 * an event that should be one but is broken (dates missing or reversed, too long, outside
 * 2000–2100, or a date both a holiday and a working day) makes the whole file invalid: an import
 * is all or nothing. Unreadable text → CALENDAR_ICS_UNREADABLE; broken events → CALENDAR_ICS_INVALID.
 */
export function parseHolidayCalendar(ics: string): ParsedCalendar {
  let root: ICAL.Component;
  try {
    const parsed = ICAL.parse(ics);
    if (!Array.isArray(parsed) || parsed[0] !== 'vcalendar') throw new Error('not a VCALENDAR');
    root = new ICAL.Component(parsed);
  } catch (err) {
    const line = String((err as Error).message ?? err).split('\n')[0] ?? 'unreadable';
    throw new AppError('CALENDAR_ICS_UNREADABLE', [{ problem: line.slice(0, 200) }]);
  }

  const byDate = new Map<string, ImportedDay & { uid: string | null }>();
  const ignored: IgnoredEvent[] = [];
  const invalid: InvalidEvent[] = [];
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const uid = (vevent.getFirstPropertyValue('uid') as string | null) ?? null;
    const summary = ((vevent.getFirstPropertyValue('summary') as string | null) ?? '').trim();
    const ref = { uid, summary: summary || null };
    const categories = vevent
      .getAllProperties('categories')
      .flatMap((p) => p.getValues().map((v: unknown) => String(v)));
    let start: ICAL.Time | null;
    let end: ICAL.Time | null;
    let recurring: boolean;
    try {
      const event = new ICAL.Event(vevent);
      start = event.startDate;
      end = start ? event.endDate : null;
      recurring = event.isRecurring();
    } catch (err) {
      invalid.push({ ...ref, problem: `unreadable dates: ${(err as Error).message}` });
      continue;
    }
    const kind = kindOf(summary, categories);
    if (kind === null) {
      ignored.push({ ...ref, reason: 'not_a_calendar_day' });
      continue;
    }
    if (!start) {
      invalid.push({ ...ref, problem: 'no DTSTART' });
      continue;
    }
    if (!start.isDate) {
      ignored.push({ ...ref, reason: 'not_all_day' });
      continue;
    }
    if (recurring) {
      ignored.push({ ...ref, reason: 'recurring' });
      continue;
    }
    if (kind === 'both') {
      invalid.push({ ...ref, problem: 'CATEGORIES says both holiday and workday' });
      continue;
    }
    const from = isoDate(start);
    const until = end ? isoDate(end) : addDays(from, 1);
    if (until <= from) {
      invalid.push({ ...ref, problem: `DTEND ${until} is not after DTSTART ${from}` });
      continue;
    }
    if (from < '2000-01-01' || until > '2101-01-01') {
      invalid.push({ ...ref, problem: `${from} is outside the years 2000–2100` });
      continue;
    }
    const dates: string[] = [];
    for (let d = from; d < until && dates.length <= MAX_SPAN_DAYS; d = addDays(d, 1)) dates.push(d);
    if (dates.length > MAX_SPAN_DAYS) {
      invalid.push({ ...ref, problem: `spans more than ${MAX_SPAN_DAYS} days` });
      continue;
    }
    for (const date of dates) {
      const before = byDate.get(date);
      if (before && before.kind !== kind) {
        invalid.push({
          ...ref,
          problem: `${date} is a ${kind} here but a ${before.kind} in event ${before.uid ?? '(no UID)'}`,
        });
        continue;
      }
      if (!before) {
        byDate.set(date, {
          date,
          kind,
          nameZh: summary ? summary.slice(0, 100) : null,
          nameEn: englishName(summary, kind),
          uid,
        });
      }
    }
  }
  if (invalid.length) {
    throw new AppError('CALENDAR_ICS_INVALID', invalid, { count: invalid.length });
  }
  const days = [...byDate.values()]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map(({ uid: _uid, ...day }) => day);
  return { days, ignored };
}
