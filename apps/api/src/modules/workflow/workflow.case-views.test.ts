import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoApp, demoCitizen, readyHpfDraft, signIn } from '../../testing/demo.ts';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';

/**
 * What the applicant and the officers see of the SLA clock on the demo housing-fund withdrawal:
 * both limits, a statutory pause in plain words (the applicant without who and why), an extension
 * with its reason, and the case list's due date following the moved limit.
 */
describe('the SLA clock in the applicant and officer views', () => {
  let t: TestApp;
  let citizen: TestClient;
  let window: TestClient;
  let officer: TestClient;
  let head: TestClient;
  let caseId: string;

  before(async () => {
    t = await demoApp();
    citizen = await demoCitizen(t.app);
    window = await signIn(t.app, 'hpf.window');
    officer = await signIn(t.app, 'hpf.officer');
    head = await signIn(t.app, 'hpf.head');
  });
  after(async () => t.close());

  async function openTaskOf(who: TestClient) {
    const items = (await who.get('/api/v1/tasks?limit=100')).json().items as { id: string; caseId: string }[];
    const task = items.find((i) => i.caseId === caseId);
    assert.ok(task, 'the case is in the inbox');
    return task.id;
  }

  test('the applicant sees both limits; a pause in plain words; the officer sees who and why', async () => {
    t.clock.now = new Date('2026-03-02T02:00:00Z');
    caseId = await readyHpfDraft(citizen, DEMO_CITIZEN_ID, '张明');
    const submitted = await citizen.post(`/api/v1/applications/${caseId}/submit`, {});
    assert.equal(submitted.statusCode, 200, submitted.body);
    const clock = submitted.json().clock;
    assert.ok(clock, 'the submitted case shows its clock');
    assert.ok(clock.statutoryDueAt >= clock.promisedDueAt);
    assert.equal(clock.overStatutory, false);

    assert.equal(
      (await window.post(`/api/v1/tasks/${await openTaskOf(window)}/complete`, { outcome: 'approve' }))
        .statusCode,
      200,
    );
    const review = await openTaskOf(officer);
    t.clock.now = new Date('2026-03-03T02:00:00Z');
    const paused = await officer.post(`/api/v1/tasks/${review}/pause`, {
      kind: 'public_notice',
      reason: '提取金额较大，公示三个工作日',
      plannedDays: 3,
    });
    assert.equal(paused.statusCode, 200, paused.body);

    const mine = (await citizen.get(`/api/v1/applications/${caseId}`)).json();
    assert.equal(mine.clock.light, 'paused');
    assert.deepEqual(mine.clock.pause, {
      kind: 'public_notice',
      since: '2026-03-03T02:00:00.000Z',
      plannedUntil: '2026-03-06',
      reason: null,
      byName: null,
    });
    const node = mine.timeline.find((e: { kind: string }) => e.kind === 'clock_paused');
    assert.equal(node.stepNameZh, '暂停计时：公示（预计 3 个工作日，至 2026-03-06）');
    assert.equal(node.stepNameEn, 'Clock paused: public notice (expected 3 working days, until 2026-03-06)');
    assert.equal(node.actorName, null);
    assert.equal(node.note, null);

    const seen = (await officer.get(`/api/v1/cases/${caseId}`)).json();
    assert.equal(seen.clock.pause.reason, '提取金额较大，公示三个工作日');
    const officerNode = seen.timeline.find((e: { kind: string }) => e.kind === 'clock_paused');
    assert.equal(officerNode.note, '提取金额较大，公示三个工作日');
    assert.ok(officerNode.actorName);
  });

  test('an extension: the applicant is told the new limit and why, never the pending request', async () => {
    const review = await openTaskOf(officer);
    t.clock.now = new Date('2026-03-05T02:00:00Z');
    assert.equal((await officer.post(`/api/v1/tasks/${review}/resume`)).statusCode, 200);
    const asked = await officer.post(`/api/v1/tasks/${review}/extensions`, {
      days: 2,
      reason: '需核实租赁备案信息',
    });
    assert.equal(asked.statusCode, 201, asked.body);
    const pending = (await citizen.get(`/api/v1/applications/${caseId}`)).json();
    assert.equal(pending.clock.extension.pending, null);
    assert.ok(!pending.timeline.some((e: { kind: string }) => e.kind === 'extension_requested'));
    assert.equal((await officer.get(`/api/v1/cases/${caseId}`)).json().clock.extension.pending.days, 2);

    const before = pending.clock.promisedDueAt;
    assert.equal(
      (await head.post(`/api/v1/workflow/extensions/${asked.json().id}/approve`, {})).statusCode,
      200,
    );
    await t.app.platform.outbox.drain();
    const after = (await citizen.get(`/api/v1/applications/${caseId}`)).json();
    assert.ok(after.clock.promisedDueAt > before);
    assert.equal(after.dueAt, after.clock.promisedDueAt);
    const extended = after.timeline.find((e: { kind: string }) => e.kind === 'extended');
    assert.equal(extended.note, '需核实租赁备案信息');
    assert.equal(extended.actorName, null);
    const listed = (await citizen.get('/api/v1/applications'))
      .json()
      .items.find((i: { id: string }) => i.id === caseId);
    assert.equal(listed.dueAt, after.clock.promisedDueAt, 'the list follows the moved limit');
  });
});
