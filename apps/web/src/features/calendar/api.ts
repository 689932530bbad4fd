import type { CalendarDay, CalendarImportResult, CalendarYear } from '@tongban/contracts';
import { api, newIdempotencyKey } from '../../api/client.ts';

export type { CalendarDay, CalendarImportResult, CalendarYear };
export type DayKind = CalendarDay['kind'];

const region = (code: string) => `/calendar/${encodeURIComponent(code)}`;

export function setDay(
  regionCode: string,
  date: string,
  body: { kind: DayKind; nameZh?: string; nameEn?: string },
) {
  return api<CalendarDay>(`${region(regionCode)}/days/${date}`, {
    method: 'PUT',
    body,
    idempotencyKey: newIdempotencyKey(),
  });
}

export function clearDay(regionCode: string, date: string) {
  return api<void>(`${region(regionCode)}/days/${date}`, {
    method: 'DELETE',
    idempotencyKey: newIdempotencyKey(),
  });
}

export function importIcs(regionCode: string, ics: string, idempotencyKey = newIdempotencyKey()) {
  return api<CalendarImportResult>(`${region(regionCode)}/import`, {
    method: 'POST',
    body: { ics },
    idempotencyKey,
  });
}

export interface MonthCell {
  key: string;
  /** Null before the 1st and after the last day of the month. */
  date: string | null;
}

/** A month as rows of seven cells, Monday first. */
export function monthWeeks(year: number, month: number): MonthCell[][] {
  const first = new Date(Date.UTC(year, month, 1));
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: MonthCell[] = Array.from({ length: lead }, (_, i) => ({ key: `lead-${i}`, date: null }));
  for (let d = 1; d <= days; d += 1) {
    const date = `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    cells.push({ key: date, date });
  }
  while (cells.length % 7) cells.push({ key: `tail-${cells.length}`, date: null });
  const weeks: MonthCell[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The twelve months of a year: `index` 0–11 and a stable key. */
export const monthsOf = (year: number) =>
  Array.from({ length: 12 }, (_, index) => ({ index, key: `${year}-${index + 1}` }));

export const isWeekend = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};
