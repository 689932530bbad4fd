import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { deployDefinition } from './definitions.service.ts';
import { escalateDueTasks } from './escalation.ts';
import { getInstanceView } from './workflow.service.ts';
import { inboxFor, type Officer, type Testbed, workflowTestbed } from './workflow.testbed.ts';

/**
 * Escalation at the yellow and red lights. A simple-approval case started Monday 2 March 2026 10:00
 * (China) waits at the front desk's acceptance, due Tuesday 3 March 23:59:59.999: its span is about
 * 38 hours, so it turns yellow around 16:24 on Tuesday and red at midnight.
 */
const YELLOW = new Date('2026-03-03T10:00:00Z');
const STILL_YELLOW = new Date('2026-03-03T12:00:00Z');
const RED = new Date('2026-03-04T01:00:00Z');

describe('SLA escalation', () => {
  let bed: Testbed;
  let window: Officer;
  let head: Officer;

  before(async () => {
    bed = await workflowTestbed();
    window = await bed.officer('hpf.window', [['HPF', 'window']]);
    head = await bed.officer('hpf.head', [['HPF', 'dept_head']]);
  });
  after(async () => bed.close());

  const db = () => bed.t.app.platform.db;

  async function escalationEvents(taskId: string) {
    const { rows } = await sql<{ payload: Record<string, string> }>`
      SELECT payload FROM platform_outbox WHERE type = 'workflow.task.escalated'
      AND payload->>'taskId' = ${taskId} ORDER BY id`.execute(db());
    return rows.map((r) => r.payload);
  }

  async function startAtAcceptance(processKey = 'simple-approval') {
    bed.t.clock.now = new Date('2026-03-02T02:00:00Z');
    const started = await bed.start(processKey, 'HPF');
    const [task] = await inboxFor(window, started.businessKey);
    assert.ok(task);
    return { ...started, taskId: task.id };
  }

  test('yellow notifies the head, red gives the head the task: each exactly once', async () => {
    const { instanceId, businessKey, taskId } = await startAtAcceptance();
    assert.equal((await window.client.post(`/api/v1/tasks/${taskId}/claim`)).statusCode, 200);
    assert.equal(await escalateDueTasks(db(), new Date('2026-03-02T12:00:00Z')), 0, 'green: nothing to do');

    assert.equal(await escalateDueTasks(db(), YELLOW), 1);
    assert.equal(await escalateDueTasks(db(), STILL_YELLOW), 0, 'yellow is applied once');
    const [yellow] = await escalationEvents(taskId);
    assert.deepEqual(yellow, {
      taskId,
      instanceId,
      businessKey,
      level: 'yellow',
      action: 'notify',
      departmentId: await bed.departmentId('HPF'),
      role: 'dept_head',
    });
    // Notifying leaves the task where it was.
    assert.equal(
      (await window.client.get(`/api/v1/tasks/${taskId}`)).json().assigneeName,
      'officer hpf.window',
    );

    assert.equal(await escalateDueTasks(db(), RED), 1);
    assert.equal(await escalateDueTasks(db(), new Date('2026-03-05T01:00:00Z')), 0, 'red is applied once');
    const events = await escalationEvents(taskId);
    assert.deepEqual(
      events.map((e) => [e.level, e.action, e.role]),
      [
        ['yellow', 'notify', 'dept_head'],
        ['red', 'reassign', 'dept_head'],
      ],
    );
    // The front desk lost it (unclaimed, moved); the head's inbox has it, open, marked red.
    assert.equal((await inboxFor(window, businessKey)).length, 0);
    const [inHeadInbox] = await inboxFor(head, businessKey);
    assert.equal(inHeadInbox?.id, taskId);
    assert.equal(inHeadInbox?.status, 'open');
    const summary = (await head.client.get('/api/v1/tasks?limit=100'))
      .json()
      .items.find((i: { id: string }) => i.id === taskId);
    assert.equal(summary.escalationLevel, 'red');
    assert.equal(summary.role, 'dept_head');
    assert.equal(
      (await window.client.post(`/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' })).statusCode,
      403,
    );
    assert.equal(
      (await head.client.post(`/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' })).statusCode,
      200,
    );

    const v = await getInstanceView(db(), instanceId);
    assert.deepEqual(
      v.clockEvents.map((e) => [e.kind, e.clock.level, e.clock.action, e.note]),
      [
        ['escalated', 'yellow', 'notify', null],
        ['escalated', 'red', 'reassign', 'officer hpf.window'],
      ],
    );
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_entries WHERE action = 'workflow.task.escalate' AND subject_id = ${taskId}`.execute(
      db(),
    );
    assert.equal(rows[0]?.n, 2);
  });

  test('a task found already red gets both levels in order; two processes ticking at once escalate once', async () => {
    const { taskId } = await startAtAcceptance();
    const [a, b] = await Promise.all([escalateDueTasks(db(), RED), escalateDueTasks(db(), RED)]);
    assert.equal(a + b, 2);
    assert.deepEqual(
      (await escalationEvents(taskId)).map((e) => [e.level, e.action]),
      [
        ['yellow', 'notify'],
        ['red', 'reassign'],
      ],
    );
  });

  test('a paused clock does not escalate', async () => {
    const officer = await bed.officer('hpf.window2', [['HPF', 'window']]);
    const { taskId } = await startAtAcceptance();
    bed.t.clock.now = new Date('2026-03-02T03:00:00Z');
    const paused = await officer.client.post(`/api/v1/tasks/${taskId}/pause`, {
      kind: 'on_site_inspection',
      reason: '现场核查经营场所',
    });
    assert.equal(paused.statusCode, 200, paused.body);
    assert.equal(await escalateDueTasks(db(), RED), 0);
    assert.deepEqual(await escalationEvents(taskId), []);
  });

  test('the step decides: tongban:escalation rules replace the default', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="https://tongban.dev/schema/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="notify-only" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:userTask id="acceptance" name="受理" tongban:department="$owner" tongban:role="window" tongban:days="1"
      tongban:escalation="red:notify:dept_head" />
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="acceptance" />
    <bpmn:sequenceFlow id="f2" sourceRef="acceptance" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;
    await deployDefinition(db(), { key: 'notify-only', name: 'notify only', bpmnXml: xml });
    const { taskId, businessKey } = await startAtAcceptance('notify-only');
    assert.equal(await escalateDueTasks(db(), YELLOW), 0, 'no rule at yellow');
    assert.equal(await escalateDueTasks(db(), RED), 1);
    assert.deepEqual(
      (await escalationEvents(taskId)).map((e) => [e.level, e.action]),
      [['red', 'notify']],
    );
    assert.equal(
      (await inboxFor(window, businessKey))[0]?.id,
      taskId,
      'notify leaves the task with the window',
    );

    await assert.rejects(
      deployDefinition(db(), {
        key: 'bad-escalation',
        name: 'bad',
        bpmnXml: xml
          .replace('red:notify:dept_head', 'orange:notify:dept_head')
          .replace('notify-only', 'bad-escalation'),
      }),
      (err: { code: string; details: string[] }) =>
        err.code === 'WORKFLOW_DEFINITION_INVALID' &&
        /tongban:escalation unknown level "orange"/.test(err.details.join()),
    );
  });
});
