import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { pgListen } from '../../platform/listen.ts';
import { TestClient } from '../../testing/harness.ts';
import { CalendarCache } from './calendar.cache.ts';
import { calendarCache } from './workflow.runtime.ts';
import { inboxFor, type Officer, type Testbed, workflowTestbed } from './workflow.testbed.ts';

const fixture = readFileSync(new URL('./fixtures/china-holidays-2027.ics', import.meta.url), 'utf8');

describe('holiday calendar: iCalendar import and the cache every process keeps', () => {
  let bed: Testbed;
  let admin: Officer;
  let officer: Officer;
  let window: Officer;

  before(async () => {
    bed = await workflowTestbed();
    admin = await bed.officer('hpf.admin', [['HPF', 'dept_admin']]);
    officer = await bed.officer('hpf.officer', [['HPF', 'officer']]);
    window = await bed.officer('hpf.window', [['HPF', 'window']]);
  });
  after(async () => bed.close());

  const db = () => bed.t.app.platform.db;
  const year = async (y: number) =>
    (await new TestClient(bed.t.app).get(`/api/v1/calendar/339000?year=${y}`)).json().days as {
      date: string;
      kind: string;
    }[];

  test('a dept_admin imports the 2027 schedule: holidays, make-up working days, ignored observances, audited', async () => {
    assert.equal(
      (await officer.client.post('/api/v1/calendar/339000/import', { ics: fixture })).statusCode,
      403,
    );
    assert.equal(
      (await admin.client.post('/api/v1/calendar/110000/import', { ics: fixture })).statusCode,
      403,
    );
    const res = await admin.client.post('/api/v1/calendar/339000/import', { ics: fixture });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.holidays, 29);
    assert.equal(body.workdays, 6);
    assert.deepEqual(
      body.ignored.map((i: { summary: string; reason: string }) => [i.summary, i.reason]),
      [
        ['元宵节', 'not_a_calendar_day'],
        ['妇女节', 'not_a_calendar_day'],
      ],
    );
    const days = await year(2027);
    assert.equal(days.length, 35);
    assert.deepEqual(
      days.filter((d) => d.kind === 'workday').map((d) => d.date),
      ['2027-02-14', '2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09'],
    );
    const { rows } = await sql<{ details: { holidays: number; workdays: number } }>`
      SELECT details FROM audit_entries WHERE action = 'calendar.import'`.execute(db());
    assert.deepEqual(
      rows.map((r) => [r.details.holidays, r.details.workdays]),
      [[29, 6]],
    );
  });

  test('an unreadable file or one broken event writes nothing', async () => {
    const unreadable = await admin.client.post('/api/v1/calendar/339000/import', {
      ics: '2028年放假安排见附件',
    });
    assert.equal(unreadable.statusCode, 422);
    assert.equal(unreadable.json().error.code, 'CALENDAR_ICS_UNREADABLE');

    const partial = fixture
      .replaceAll('2027', '2028')
      .replace('DTEND;VALUE=DATE:20280104', 'DTEND;VALUE=DATE:20271230');
    const invalid = await admin.client.post('/api/v1/calendar/339000/import', { ics: partial });
    assert.equal(invalid.statusCode, 422);
    assert.equal(invalid.json().error.code, 'CALENDAR_ICS_INVALID');
    assert.match(invalid.json().error.message, /1/);
    assert.deepEqual(await year(2028), [], 'the good events of the file were not written either');
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_entries WHERE action = 'calendar.import'`.execute(db());
    assert.equal(rows[0]?.n, 1);
  });

  test('deadlines come from the cache, and an edit is used by the very next deadline', async () => {
    const cache = calendarCache()!;
    assert.equal(cache.active, true, 'the app listens for calendar edits');
    bed.t.clock.now = new Date('2026-03-06T02:00:00Z'); // Friday
    const first = await bed.start('simple-approval', 'HPF');
    const loads = cache.loads;
    const second = await bed.start('simple-approval', 'HPF');
    assert.equal(cache.loads, loads, 'the second case read the calendar from memory');
    const due = async (businessKey: string) =>
      (await window.client.get(`/api/v1/tasks/${(await inboxFor(window, businessKey))[0]!.id}`)).json().dueAt;
    assert.equal(await due(first.businessKey), '2026-03-09T15:59:59.999Z');
    assert.equal(await due(second.businessKey), '2026-03-09T15:59:59.999Z');

    const put = await admin.client.put('/api/v1/calendar/339000/days/2026-03-09', {
      kind: 'holiday',
      nameZh: '城市纪念日',
    });
    assert.equal(put.statusCode, 200);
    const third = await bed.start('simple-approval', 'HPF');
    assert.equal(await due(third.businessKey), '2026-03-10T15:59:59.999Z', 'Monday is now a holiday');
    assert.equal((await admin.client.delete('/api/v1/calendar/339000/days/2026-03-09')).statusCode, 204);
    const fourth = await bed.start('simple-approval', 'HPF');
    assert.equal(await due(fourth.businessKey), '2026-03-09T15:59:59.999Z');
  });

  test('another process drops its cached calendar when this one edits (LISTEN/NOTIFY)', async () => {
    const other = new CalendarCache();
    const stop = await other.listen(pgListen(bed.t.config.databaseUrl!, pino({ level: 'silent' })));
    try {
      assert.equal(other.active, true);
      const before = await other.exceptions(db(), '339001');
      assert.equal(before.get('2026-03-10'), undefined);
      await other.exceptions(db(), '339001');
      assert.equal(other.loads, 1, 'served from memory');

      const put = await admin.client.put('/api/v1/calendar/339000/days/2026-03-10', { kind: 'holiday' });
      assert.equal(put.statusCode, 200);
      // The notification arrives after the commit; wait for it (the other process's next read reloads).
      let seen: string | undefined;
      for (let i = 0; i < 250 && !seen; i += 1) {
        seen = (await other.exceptions(db(), '339001')).get('2026-03-10');
        if (!seen) await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(seen, 'holiday', 'the district inherits the city edit once the cache is dropped');
      assert.equal(other.loads, 2);
    } finally {
      await stop();
      assert.equal(other.active, false);
    }
  });
});
