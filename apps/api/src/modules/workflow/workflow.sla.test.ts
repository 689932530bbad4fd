import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../../platform/db.ts';
import { TestClient } from '../../testing/harness.ts';
import { addWorkingDays } from './calendar.service.ts';
import { getInstanceView } from './workflow.service.ts';
import { inboxFor, type Officer, PASSWORD, type Testbed, workflowTestbed } from './workflow.testbed.ts';

describe('SLA deadlines, lights and the holiday calendar', () => {
  let bed: Testbed;
  let window: Officer;
  let admin: Officer;
  let officer: Officer;

  before(async () => {
    bed = await workflowTestbed();
    window = await bed.officer('hpf.window', [['HPF', 'window']]);
    officer = await bed.officer('hpf.officer', [['HPF', 'officer']]);
    admin = await bed.officer('hpf.admin', [['HPF', 'dept_admin']]);
  });
  after(async () => bed.close());

  test('due dates follow the region calendar; lights turn yellow then red as the clock moves', async () => {
    // Friday 13 Feb 2026, 10:00 in Minghu: the next working day is the make-up Saturday 14 Feb.
    bed.t.clock.now = new Date('2026-02-13T02:00:00Z');
    const { instanceId, businessKey, dueAt } = await bed.start('simple-approval', 'HPF');
    // 1 + 3 + 1 working days: 14 Feb, then 24, 25, 26, 27 Feb after the Spring Festival.
    assert.equal(dueAt, '2026-02-27T15:59:59.999Z');
    const [task] = await inboxFor(window, businessKey);
    const detail = (await window.client.get(`/api/v1/tasks/${task!.id}`)).json();
    assert.equal(detail.dueAt, '2026-02-14T15:59:59.999Z');
    assert.equal(detail.light, 'green');

    bed.t.clock.now = new Date('2026-02-14T10:00:00Z');
    assert.equal((await window.client.get(`/api/v1/tasks/${task!.id}`)).json().light, 'yellow');
    bed.t.clock.now = new Date('2026-02-14T16:30:00Z');
    assert.equal((await inboxFor(window, businessKey))[0]?.status, 'open');
    assert.equal((await window.client.get('/api/v1/tasks?limit=100')).json().items[0].light, 'red');
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.steps[0]?.light, 'red');
    assert.equal(view.light, 'green');
  });

  test('districts without their own calendar use their city calendar', async () => {
    const db = bed.t.app.platform.db;
    const from = new Date('2026-09-30T02:00:00Z');
    assert.equal((await addWorkingDays(db, '339001', from, 1)).toISOString(), '2026-10-08T15:59:59.999Z');
  });

  test('the calendar is public; dept_admins of the region edit it (audited); deadlines follow the edit', async () => {
    const anonymous = new TestClient(bed.t.app);
    const year = await anonymous.get('/api/v1/calendar/339000?year=2026');
    assert.equal(year.statusCode, 200);
    const days = year.json().days as { date: string; kind: string; nameEn: string }[];
    assert.equal(days.filter((d) => d.kind === 'holiday').length, 33);
    assert.deepEqual(
      days.filter((d) => d.kind === 'workday').map((d) => d.date),
      ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    );

    const body = { kind: 'holiday', nameZh: '城市纪念日', nameEn: 'City day' };
    assert.equal((await anonymous.put('/api/v1/calendar/339000/days/2026-03-09', body)).statusCode, 401);
    assert.equal((await officer.client.put('/api/v1/calendar/339000/days/2026-03-09', body)).statusCode, 403);
    assert.equal((await admin.client.put('/api/v1/calendar/110000/days/2026-03-09', body)).statusCode, 403);
    const put = await admin.client.put('/api/v1/calendar/339000/days/2026-03-09', body);
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json(), { date: '2026-03-09', ...body });
    const bad = await admin.client.put('/api/v1/calendar/339000/days/2026-03-09', { kind: 'party' });
    assert.equal(bad.statusCode, 400);

    bed.t.clock.now = new Date('2026-03-06T02:00:00Z'); // Friday: Monday 9 March is now a holiday
    const { businessKey } = await bed.start('simple-approval', 'HPF');
    const [task] = await inboxFor(window, businessKey);
    assert.equal(
      (await window.client.get(`/api/v1/tasks/${task!.id}`)).json().dueAt,
      '2026-03-10T15:59:59.999Z',
    );

    assert.equal((await admin.client.delete('/api/v1/calendar/339000/days/2026-03-09')).statusCode, 204);
    assert.equal((await admin.client.delete('/api/v1/calendar/339000/days/2026-03-09')).statusCode, 404);
    const { rows } = await sql<{ action: string }>`
      SELECT action FROM audit_entries WHERE subject_type = 'calendar' ORDER BY id`.execute(
      bed.t.app.platform.db,
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['calendar.setDay', 'calendar.deleteDay'],
    );
  });

  test('state lives in PostgreSQL: a new app process on the same database carries on', async () => {
    bed.t.clock.now = new Date('2026-03-02T02:00:00Z');
    const { instanceId, businessKey } = await bed.start('simple-approval', 'HPF');
    const database = openDatabase(bed.t.config.databaseUrl!, 2);
    const restarted = await buildApp({
      config: bed.t.config,
      db: database.db,
      log: pino({ level: 'silent' }),
    });
    await restarted.ready();
    try {
      const client = new TestClient(restarted);
      const signIn = await client.post('/api/v1/auth/signin', { login: 'hpf.window', password: PASSWORD });
      assert.equal(signIn.statusCode, 200);
      const items = (await client.get('/api/v1/tasks?limit=100')).json().items as {
        id: string;
        caseId: string;
      }[];
      const task = items.find((i) => i.caseId === businessKey);
      assert.ok(task, 'the task started by the first process is in the inbox of the second');
      const done = await client.post(`/api/v1/tasks/${task.id}/complete`, { outcome: 'approve' });
      assert.equal(done.statusCode, 200);
      const view = await getInstanceView(database.db, instanceId);
      assert.deepEqual(
        view.steps.map((s) => [s.key, s.status]),
        [
          ['acceptance', 'completed'],
          ['review', 'open'],
        ],
      );
    } finally {
      await restarted.close();
      await database.close();
    }
  });
});
