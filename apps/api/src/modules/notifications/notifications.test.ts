import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { demoApp, demoCitizen, newCitizen, readyHpfDraft, signIn } from '../../testing/demo.ts';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { assignRole, getDepartmentByCode } from '../org/index.ts';
import { type NotificationMessage, notify, notifyDepartmentRole, useNotificationChannel } from './index.ts';

interface Item {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  subject: { type: string; id: string } | null;
  readAt: string | null;
}

// A second channel, as an SMS adapter would plug in: it must see each new message once.
const accepted: NotificationMessage[] = [];
useNotificationChannel({ name: 'test-recorder', accept: async (_tx, m) => void accepted.push(m) });

describe('notifications', () => {
  let t: TestApp;
  let citizen: TestClient;
  let citizenId: string;
  before(async () => {
    t = await demoApp();
    citizen = await demoCitizen(t.app);
    citizenId = await accountId(citizen);
  });
  after(async () => t.close());

  const db = () => t.app.platform.db;
  /** Delivers the outbox until nothing is due: handlers enqueue further events (status → message). */
  const deliver = async () => {
    let total = 0;
    for (let n = await t.app.platform.outbox.drain(); n > 0; n = await t.app.platform.outbox.drain())
      total += n;
    return total;
  };
  const accountId = async (c: TestClient) => (await c.get('/api/v1/me')).json().account.id as string;
  const inbox = async (c: TestClient, query = '') => {
    const res = await c.get(`/api/v1/me/notifications${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { items: Item[]; nextCursor: string | null };
  };
  const unread = async (c: TestClient) => (await c.get('/api/v1/me/notifications/unread-count')).json().count;
  const about = async (c: TestClient, caseId: string) =>
    (await inbox(c, '?limit=100')).items.filter((i) => i.subject?.id === caseId);
  const complete = async (officer: TestClient, caseId: string, outcome: string, note?: string) => {
    const task = (await officer.get(`/api/v1/cases/${caseId}`)).json().openTask;
    assert.ok(task, 'the officer has an open task on the case');
    const res = await officer.post(`/api/v1/tasks/${task.taskId}/complete`, {
      outcome,
      ...(note ? { note } : {}),
    });
    assert.equal(res.statusCode, 200, res.body);
    await deliver();
  };
  const submitted = async (c: TestClient, idNumber: string, name?: string) => {
    const id = await readyHpfDraft(c, idNumber, name);
    assert.equal((await c.post(`/api/v1/applications/${id}/submit`)).statusCode, 200);
    await deliver();
    return id;
  };

  test('a returned case tells its applicant once, in the language they read it in, even when the handler runs twice', async () => {
    const id = await submitted(citizen, DEMO_CITIZEN_ID);
    assert.deepEqual(await about(citizen, id), [], 'submitting tells nobody (the applicant did it)');
    const window = await signIn(t.app, 'hpf.window');
    const officer = await signIn(t.app, 'hpf.officer');
    await complete(window, id, 'approve');
    await complete(officer, id, 'return', '请补充租房合同首页');
    const caseNumber = (await citizen.get(`/api/v1/applications/${id}`)).json().caseNumber as string;

    // Every delivery of the status events again: the applicant still has one message per change.
    await sql`UPDATE platform_outbox SET status = 'pending' WHERE handler = 'notifications.applicationStatus'`.execute(
      db(),
    );
    assert.ok((await deliver()) >= 2);

    const messages = await about(citizen, id);
    assert.deepEqual(
      messages.map((m) => [m.kind, m.title]),
      [
        ['application.status', 'Your application needs more information'],
        ['application.status', 'Application accepted'],
      ],
    );
    const [returned] = messages;
    assert.equal(returned?.link, `/applications/${id}/supplement`);
    assert.match(
      returned?.body ?? '',
      new RegExp(`Your application ${caseNumber} was returned for supplement`),
    );
    assert.equal(returned?.readAt, null);

    citizen.locale = 'zh-CN';
    const zh = (await about(citizen, id))[0];
    citizen.locale = 'en';
    assert.equal(zh?.id, returned?.id);
    assert.equal(zh?.title, '办件需要补正');
    assert.equal(zh?.body, `您的办件 ${caseNumber} 被退回补正。请查看退回意见，补充后重新提交。`);

    // A second return of the same case is a new event, so a new message.
    const form = (await citizen.get(`/api/v1/applications/${id}`)).json().formData;
    assert.equal(
      (await citizen.post(`/api/v1/applications/${id}/resubmit`, { formData: form })).statusCode,
      200,
    );
    await deliver();
    await complete(officer, id, 'return', '合同页仍不清晰');
    assert.equal((await about(citizen, id)).filter((m) => m.link?.endsWith('/supplement')).length, 2);
    const sent = accepted.filter((m) => m.subject?.id === id);
    assert.equal(sent.length, 3, 'the extra channel got each new message once, no replay');
    assert.ok(sent.every((m) => m.recipientAccountId === citizenId));
  });

  test('the decision is told to the applicant: approved and rejected', async () => {
    const { client: other, idNumber, name } = await newCitizen(t.app, 31);
    const window = await signIn(t.app, 'hpf.window');
    const officer = await signIn(t.app, 'hpf.officer');
    const head = await signIn(t.app, 'hpf.head');

    const approved = await submitted(other, idNumber, name);
    await complete(window, approved, 'approve');
    await complete(officer, approved, 'approve');
    await complete(head, approved, 'approve');
    const rejected = await submitted(other, idNumber, name);
    await complete(window, rejected, 'approve');
    await complete(officer, rejected, 'reject', '提取原因不符合规定');

    assert.deepEqual(
      (await about(other, approved)).map((m) => m.title),
      ['Application approved', 'Application accepted'],
    );
    const [no] = await about(other, rejected);
    assert.equal(no?.title, 'Application not approved');
    assert.equal(no?.link, `/applications/${rejected}`);
    // Nothing of theirs reached the demo citizen's inbox.
    assert.deepEqual(await about(citizen, approved), []);
  });

  test('reading: one message, all of them, the unread filter and the count; each change audited once', async () => {
    const { client, idNumber, name } = await newCitizen(t.app, 32);
    const window = await signIn(t.app, 'hpf.window');
    const ids = [await submitted(client, idNumber, name), await submitted(client, idNumber, name)];
    for (const id of ids) await complete(window, id, 'approve');
    const officer = await signIn(t.app, 'hpf.officer');
    await complete(officer, ids[0] as string, 'return', '请补充材料');
    assert.equal(await unread(client), 3);

    const first = (await inbox(client)).items[0] as Item;
    const read = await client.post(`/api/v1/me/notifications/${first.id}/read`);
    assert.equal(read.statusCode, 200, read.body);
    assert.ok(read.json().readAt);
    const again = await client.post(`/api/v1/me/notifications/${first.id}/read`);
    assert.equal(again.json().readAt, read.json().readAt, 'reading again changes nothing');
    assert.equal(await unread(client), 2);
    assert.deepEqual(
      (await inbox(client, '?unread=true')).items.map((i) => i.id).includes(first.id),
      false,
      'the unread filter leaves it out',
    );

    const all = await client.post('/api/v1/me/notifications/read-all');
    assert.deepEqual(all.json(), { marked: 2 });
    assert.deepEqual((await client.post('/api/v1/me/notifications/read-all')).json(), { marked: 0 });
    assert.equal(await unread(client), 0);
    assert.equal((await inbox(client, '?unread=true')).items.length, 0);

    const me = await accountId(client);
    const { rows } = await sql<{ action: string; subject_id: string }>`
      SELECT action, subject_id FROM audit_entries
      WHERE action IN ('notification.read', 'notification.readAll') AND actor_id = ${me} ORDER BY id`.execute(
      db(),
    );
    assert.deepEqual(
      rows.map((r) => [r.action, r.subject_id]),
      [
        ['notification.read', first.id],
        ['notification.readAll', me],
      ],
    );
  });

  test('the inbox pages newest first with a cursor', async () => {
    const { client, idNumber, name } = await newCitizen(t.app, 33);
    const window = await signIn(t.app, 'hpf.window');
    for (let i = 0; i < 3; i++) await complete(window, await submitted(client, idNumber, name), 'approve');
    const page1 = await inbox(client, '?limit=2');
    assert.equal(page1.items.length, 2);
    assert.ok(page1.nextCursor);
    const page2 = await inbox(client, `?limit=2&cursor=${page1.nextCursor}`);
    assert.equal(page2.items.length, 1);
    assert.equal(page2.nextCursor, null);
    const ids = [...page1.items, ...page2.items].map((i) => i.id);
    assert.deepEqual(ids, [...ids].sort().reverse(), 'newest first');
    assert.equal(new Set(ids).size, 3);

    const bad = await client.get('/api/v1/me/notifications?cursor=not-a-uuid');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
  });

  test("an escalated task tells the role's holders in the department, once per level", async () => {
    const id = await submitted(citizen, DEMO_CITIZEN_ID);
    const window = await signIn(t.app, 'hpf.window');
    const taskId = (await window.get(`/api/v1/cases/${id}`)).json().openTask.taskId as string;
    const task = (await window.get(`/api/v1/tasks/${taskId}`)).json();
    const hpf = await getDepartmentByCode(db(), 'HPF');
    assert.ok(hpf);
    // A second head: each holder of the role gets their own message.
    const head = await signIn(t.app, 'hpf.head');
    const officer = await signIn(t.app, 'hpf.officer');
    await assignRole(db(), { accountId: await accountId(officer), departmentId: hpf.id, role: 'dept_head' });
    const escalate = async (level: 'yellow' | 'red', action: 'notify' | 'reassign') => {
      await db()
        .transaction()
        .execute((tx) =>
          t.app.platform.outbox.enqueue(tx, 'workflow.task.escalated', {
            taskId,
            instanceId: task.instanceId,
            businessKey: id,
            level,
            action,
            departmentId: hpf.id,
            role: 'dept_head',
          }),
        );
      await deliver();
    };
    await escalate('yellow', 'notify');
    await escalate('yellow', 'notify'); // the job ran twice, or two processes raced
    await escalate('red', 'reassign');

    for (const c of [head, officer]) {
      const messages = (await inbox(c)).items.filter((m) => m.subject?.id === taskId);
      assert.deepEqual(
        messages.map((m) => m.title),
        ['A late case was passed to you', 'A case is close to its deadline (yellow)'],
      );
      assert.equal(
        messages[1]?.body,
        `A case at the step "${task.stepNameEn}" in Housing Provident Fund Centre is close to its deadline. Please follow it up.`,
      );
      assert.equal(messages[0]?.link, `/workbench/cases/${id}`);
    }
    head.locale = 'zh-CN';
    const zh = (await inbox(head)).items.filter((m) => m.subject?.id === taskId);
    assert.equal(zh[0]?.title, '超时办件已转交给您');
    assert.match(
      zh[0]?.body ?? '',
      new RegExp(
        `^住房公积金管理中心「${task.stepNameZh}」环节的办件已超过办理时限（红灯），已转交给您所在岗位办理。$`,
      ),
    );
    // The window and the applicant are not told.
    assert.equal((await inbox(window)).items.filter((m) => m.kind === 'task.escalated').length, 0);
    assert.equal((await inbox(citizen)).items.filter((m) => m.kind === 'task.escalated').length, 0);
  });

  test('notify: a repeat sends nothing, nobody in the role sends nothing, and a wrong call writes nothing', async () => {
    const mib = await getDepartmentByCode(db(), 'MIB');
    assert.ok(mib);
    const input = {
      recipientAccountId: citizenId,
      kind: 'application.status',
      template: 'application.approved' as const,
      params: { caseNumber: '339000-2026-999999' },
      link: '/applications',
      dedupeKey: 'test:once',
    };
    assert.deepEqual(await notify(db(), input), { created: true });
    assert.deepEqual(await notify(db(), input), { created: false });
    const nobody = await notifyDepartmentRole(db(), {
      ...input,
      departmentId: mib.id,
      role: 'auditor',
      dedupeKey: 'test:nobody',
    });
    assert.deepEqual(nobody, { recipients: 0, created: 0 });

    const before = await unread(citizen);
    const wrong = [
      { ...input, dedupeKey: 'w1', params: {} },
      { ...input, dedupeKey: 'w2', link: '//evil.example/phish' },
      { ...input, dedupeKey: 'w3', link: 'https://evil.example/' },
      { ...input, dedupeKey: 'w4', kind: 'Not A Kind' },
      { ...input, dedupeKey: 'w5', template: 'no.such' as never },
      { ...input, dedupeKey: '' },
    ];
    for (const w of wrong) {
      await assert.rejects(
        db()
          .transaction()
          .execute(async (tx) => {
            // The caller's own change in the same transaction is undone with it.
            await sql`UPDATE notifications_messages SET read_at = now() WHERE recipient_account_id = ${citizenId}`.execute(
              tx,
            );
            await notify(tx, w);
          }),
        /notify\(/,
      );
    }
    assert.equal(await unread(citizen), before);
  });
});
