import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chinaDate, isWorkingDay, slaLight, workingDaysBetween, workingDeadline } from './calendar.ts';
import { calendar2026 } from './workflow.seed.ts';

const exceptions = new Map(calendar2026('339000').map((r) => [r.day, r.kind]));
const deadline = (fromIso: string, days: number) =>
  workingDeadline(exceptions, new Date(fromIso), days, '2027-12-31')?.toISOString();

describe('working-day arithmetic (2026 calendar of region 339000)', () => {
  test('a normal weekend is skipped', () => {
    // Friday 6 March 2026, 10:00 China time: day 1 is Monday 9 March.
    assert.equal(deadline('2026-03-06T02:00:00Z', 1), '2026-03-09T15:59:59.999Z');
    assert.equal(deadline('2026-03-06T02:00:00Z', 3), '2026-03-11T15:59:59.999Z');
  });

  test('the Spring Festival block is skipped and make-up Saturdays count', () => {
    // Friday 13 Feb: day 1 is Saturday 14 Feb (make-up working day), then 15–23 Feb are off.
    assert.equal(deadline('2026-02-13T02:00:00Z', 1), '2026-02-14T15:59:59.999Z');
    assert.equal(deadline('2026-02-13T02:00:00Z', 2), '2026-02-24T15:59:59.999Z');
    // 24–27 Feb (Tue–Fri) are days 2–5, Saturday 28 Feb (make-up) is day 6, Monday 2 March day 7.
    assert.equal(deadline('2026-02-13T02:00:00Z', 6), '2026-02-28T15:59:59.999Z');
    assert.equal(deadline('2026-02-13T02:00:00Z', 7), '2026-03-02T15:59:59.999Z');
  });

  test('days are counted in China time: 23:30 on Friday in China is still Friday', () => {
    // 2026-03-06T15:30Z is Friday 23:30 in China (UTC+8).
    assert.equal(chinaDate(new Date('2026-03-06T15:30:00Z')), '2026-03-06');
    assert.equal(deadline('2026-03-06T15:30:00Z', 1), '2026-03-09T15:59:59.999Z');
    // 16:30Z is already Saturday in China: day 1 is still Monday, day 2 Tuesday.
    assert.equal(deadline('2026-03-06T16:30:00Z', 2), '2026-03-10T15:59:59.999Z');
  });

  test('National Day week with its make-up Sunday and Saturday', () => {
    assert.equal(isWorkingDay('2026-09-20', exceptions), true);
    assert.equal(isWorkingDay('2026-10-05', exceptions), false);
    assert.equal(isWorkingDay('2026-10-10', exceptions), true);
    // Tuesday 29 Sep: day 1 Wed 30 Sep, then 1–7 Oct off, day 2 Thu 8 Oct, day 3 Fri 9 Oct, day 4 Sat 10 Oct.
    assert.equal(deadline('2026-09-29T02:00:00Z', 4), '2026-10-10T15:59:59.999Z');
  });

  test('a window too short to hold the deadline answers undefined', () => {
    assert.equal(workingDeadline(exceptions, new Date('2026-02-13T02:00:00Z'), 2, '2026-02-20'), undefined);
  });
});

describe('SLA lights', () => {
  const start = new Date('2026-03-02T00:00:00Z');
  const due = new Date('2026-03-12T00:00:00Z'); // a 10-day span: yellow from day 8
  test('green before the last 20% of the span', () => {
    assert.equal(slaLight(start, due, new Date('2026-03-09T23:59:00Z')), 'green');
  });
  test('yellow in the last 20%', () => {
    assert.equal(slaLight(start, due, new Date('2026-03-10T00:00:00Z')), 'yellow');
    assert.equal(slaLight(start, due, due), 'yellow');
  });
  test('red once overdue', () => {
    assert.equal(slaLight(start, due, new Date('2026-03-12T00:00:01Z')), 'red');
  });
});

describe('working days a stopped clock gives back', () => {
  const given = (paused: string, resumed: string) => workingDaysBetween(exceptions, paused, resumed);
  test('a pause and resume on the same day gives nothing back', () => {
    assert.equal(given('2026-03-04', '2026-03-04'), 0);
  });
  test('Friday to Monday gives back Monday only: the pause day was counted, the weekend never is', () => {
    assert.equal(given('2026-03-06', '2026-03-09'), 1);
  });
  test('a resume on a weekend gives back no more than the working days before it', () => {
    assert.equal(given('2026-03-05', '2026-03-07'), 1);
  });
  test('the Spring Festival block gives nothing back, its make-up Saturdays do', () => {
    // Thu 12 Feb → Wed 25 Feb: Fri 13, Sat 14 (make-up), then 15–23 off, Tue 24, Wed 25.
    assert.equal(given('2026-02-12', '2026-02-25'), 4);
  });
});
