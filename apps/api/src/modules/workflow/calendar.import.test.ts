import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { isAppError } from '../../platform/errors.ts';
import { parseHolidayCalendar } from './calendar.import.ts';

const fixture = readFileSync(new URL('./fixtures/china-holidays-2027.ics', import.meta.url), 'utf8');

const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//test//ZH', ...events, 'END:VCALENDAR'].join('\r\n');
const event = (lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');

function failure(text: string): { code: string; details: unknown[] } {
  try {
    parseHolidayCalendar(text);
  } catch (err) {
    assert.ok(isAppError(err), String(err));
    return { code: err.code, details: err.details ?? [] };
  }
  assert.fail('expected the calendar to be refused');
}

describe('iCalendar holiday feeds', () => {
  test('the 2027 schedule: every holiday date (DTEND exclusive) and every make-up working day', () => {
    const { days, ignored } = parseHolidayCalendar(fixture);
    const holidays = days.filter((d) => d.kind === 'holiday').map((d) => d.date);
    const workdays = days.filter((d) => d.kind === 'workday').map((d) => d.date);
    assert.equal(holidays.length, 29);
    assert.deepEqual(holidays.slice(0, 4), ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05']);
    assert.ok(holidays.includes('2027-02-13') && !holidays.includes('2027-02-14'), 'DTEND is exclusive');
    assert.deepEqual(workdays, [
      '2027-02-14',
      '2027-02-20',
      '2027-04-25',
      '2027-05-08',
      '2027-09-26',
      '2027-10-09',
    ]);
    const spring = days.find((d) => d.date === '2027-02-07');
    assert.deepEqual(spring, {
      date: '2027-02-07',
      kind: 'holiday',
      nameZh: '春节 休',
      nameEn: 'Spring Festival',
    });
    assert.equal(days.find((d) => d.date === '2027-04-25')?.nameEn, 'Labour Day make-up working day');
    // Observances without 休/假/班 are not days off.
    assert.deepEqual(
      ignored.map((i) => [i.summary, i.reason]),
      [
        ['元宵节', 'not_a_calendar_day'],
        ['妇女节', 'not_a_calendar_day'],
      ],
    );
  });

  test('调休上班 is a working day although it says 休; CATEGORIES wins over the summary', () => {
    const { days } = parseHolidayCalendar(
      ics(
        event(['UID:a', 'DTSTART;VALUE=DATE:20270131', 'SUMMARY:春节调休上班']),
        event(['UID:b', 'DTSTART;VALUE=DATE:20270301', 'SUMMARY:城市纪念日', 'CATEGORIES:Holiday']),
      ),
    );
    assert.deepEqual(
      days.map((d) => [d.date, d.kind]),
      [
        ['2027-01-31', 'workday'],
        ['2027-03-01', 'holiday'],
      ],
    );
  });

  test('timed and recurring events are reported as ignored, not imported', () => {
    const { days, ignored } = parseHolidayCalendar(
      ics(
        event(['UID:t', 'DTSTART:20270105T090000', 'DTEND:20270105T100000', 'SUMMARY:假期安排会']),
        event(['UID:r', 'DTSTART;VALUE=DATE:20270101', 'RRULE:FREQ=YEARLY', 'SUMMARY:元旦 休']),
      ),
    );
    assert.deepEqual(days, []);
    assert.deepEqual(
      ignored.map((i) => [i.uid, i.reason]),
      [
        ['t', 'not_all_day'],
        ['r', 'recurring'],
      ],
    );
  });

  test('text that is not iCalendar is unreadable', () => {
    assert.equal(failure('春节放假通知：2月5日至13日').code, 'CALENDAR_ICS_UNREADABLE');
    assert.equal(failure('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR').code, 'CALENDAR_ICS_UNREADABLE');
  });

  test('one broken event refuses the whole file, naming every problem', () => {
    const { code, details } = failure(
      ics(
        event(['UID:ok', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270104', 'SUMMARY:元旦 休']),
        event([
          'UID:reversed',
          'DTSTART;VALUE=DATE:20270210',
          'DTEND;VALUE=DATE:20270205',
          'SUMMARY:春节 休',
        ]),
        event(['UID:long', 'DTSTART;VALUE=DATE:20270601', 'DTEND;VALUE=DATE:20270901', 'SUMMARY:暑假']),
        event(['UID:clash', 'DTSTART;VALUE=DATE:20270102', 'SUMMARY:元旦 补班']),
        event(['UID:both', 'DTSTART;VALUE=DATE:20270701', 'SUMMARY:x', 'CATEGORIES:holiday,workday']),
      ),
    );
    assert.equal(code, 'CALENDAR_ICS_INVALID');
    assert.deepEqual(
      (details as { uid: string }[]).map((d) => d.uid),
      ['reversed', 'long', 'clash', 'both'],
    );
  });
});
