/**
 * Case numbers are for people: `<region code>-<year>-<6-digit sequence>`, e.g. 339000-2026-000042,
 * unique per region and year. The year is the one on the calendar in China (UTC+8), so a case
 * submitted at 00:30 on 1 January Beijing time belongs to the new year.
 */
export function formatCaseNumber(regionCode: string, year: number, sequence: number): string {
  return `${regionCode}-${year}-${String(sequence).padStart(6, '0')}`;
}

const chinaYear = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' });

export function caseYear(at: Date): number {
  return Number(chinaYear.format(at));
}
