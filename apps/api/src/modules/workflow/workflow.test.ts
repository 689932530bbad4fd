import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { inTransaction } from '../../platform/db.ts';
import { TestClient } from '../../testing/harness.ts';
import { demoBpmn, seedDemoWorkflows } from './workflow.seed.ts';
import { getInstanceView, resumeAfterSupplement, terminateInstance } from './workflow.service.ts';
import { completeOnly, inboxFor, type Officer, type Testbed, workflowTestbed } from './workflow.testbed.ts';

/** The workflow events the outbox holds for a case, in order (the outbox keeps a row per handler). */
async function eventsOf(bed: Testbed, businessKey: string) {
  const { rows } = await sql<{ type: string; payload: Record<string, unknown> }>`
    SELECT type, payload FROM platform_outbox
    WHERE type LIKE 'workflow.%' AND payload->>'businessKey' = ${businessKey} ORDER BY id`.execute(
    bed.t.app.platform.db,
  );
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.type}:${JSON.stringify(r.payload)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

describe('workflow engine over HTTP', () => {
  let bed: Testbed;
  let hpf: { window: Officer; officer: Officer; head: Officer };
  let hcd: { window: Officer; officer: Officer; officer2: Officer; head: Officer };
  let nrpOfficer: Officer;
  let psb: { window: Officer; officer: Officer; head: Officer };
  let admin: Officer;

  before(async () => {
    bed = await workflowTestbed();
    hpf = {
      window: await bed.officer('hpf.window', [['HPF', 'window']]),
      officer: await bed.officer('hpf.officer', [['HPF', 'officer']]),
      head: await bed.officer('hpf.head', [['HPF', 'dept_head']]),
    };
    hcd = {
      window: await bed.officer('hcd.window', [['HCD', 'window']]),
      officer: await bed.officer('hcd.officer', [['HCD', 'officer']]),
      officer2: await bed.officer('hcd.officer2', [['HCD', 'officer']]),
      head: await bed.officer('hcd.head', [['HCD', 'dept_head']]),
    };
    nrpOfficer = await bed.officer('nrp.officer', [['NRP', 'officer']]);
    psb = {
      window: await bed.officer('psb.window', [['PSB', 'window']]),
      officer: await bed.officer('psb.officer', [['PSB', 'officer']]),
      head: await bed.officer('psb.head', [['PSB', 'dept_head']]),
    };
    admin = await bed.officer('hpf.admin', [['HPF', 'dept_admin']]);
  });
  after(async () => bed.close());

  test('linear flow: window acceptance, officer review, head approval, then completed and approved', async () => {
    const { instanceId, businessKey } = await bed.start('simple-approval', 'HPF', {});
    const first = await inboxFor(hpf.window, businessKey);
    assert.deepEqual(
      first.map((i) => [i.stepNameEn, i.status]),
      [['Window acceptance', 'open']],
    );
    assert.deepEqual(await inboxFor(hpf.officer, businessKey), []);

    const claimed = await hpf.window.client.post(`/api/v1/tasks/${first[0]!.id}/claim`);
    assert.equal(claimed.statusCode, 200);
    assert.equal(claimed.json().status, 'claimed');
    assert.equal(claimed.json().assigneeName, 'officer hpf.window');
    assert.equal(claimed.json().applicantName, '张*');

    await completeOnly(hpf.window, businessKey);
    let view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.deepEqual(view.progress, { completed: 1, total: 3, percent: 33 });
    await completeOnly(hpf.officer, businessKey);
    await completeOnly(hpf.head, businessKey, 'approve', '准予办理');

    view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.status, 'completed');
    assert.equal(view.outcome, 'approved');
    assert.equal(view.light, null);
    assert.deepEqual(view.progress, { completed: 3, total: 3, percent: 100 });
    assert.deepEqual(
      view.steps.map((s) => [s.key, s.status, s.outcome, s.departmentCode, s.role]),
      [
        ['acceptance', 'completed', 'approve', 'HPF', 'window'],
        ['review', 'completed', 'approve', 'HPF', 'officer'],
        ['approval', 'completed', 'approve', 'HPF', 'dept_head'],
      ],
    );
    assert.equal(view.steps[2]!.note, '准予办理');
    assert.equal(view.steps[0]!.departmentNameEn, 'Housing Provident Fund Centre');

    const events = await eventsOf(bed, businessKey);
    assert.deepEqual(
      events.map((e) => [e.type, e.payload.taskKey ?? e.payload.outcome]),
      [
        ['workflow.task.created', 'acceptance'],
        ['workflow.task.completed', 'acceptance'],
        ['workflow.task.created', 'review'],
        ['workflow.task.completed', 'review'],
        ['workflow.task.created', 'approval'],
        ['workflow.task.completed', 'approval'],
        ['workflow.instance.ended', 'approved'],
      ],
    );
    const completedAcceptance = events.find(
      (e) => e.type === 'workflow.task.completed' && e.payload.taskKey === 'acceptance',
    );
    assert.equal(completedAcceptance?.payload.stage, 'acceptance');
    assert.equal(completedAcceptance?.payload.actorId, hpf.window.id);

    const { rows } = await sql<{
      action: string;
    }>`SELECT action FROM audit_entries WHERE subject_id IN (${instanceId}, ${view.steps[0]!.taskId}) ORDER BY id`.execute(
      bed.t.app.platform.db,
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['workflow.instance.start', 'task.claim', 'task.complete', 'workflow.instance.end'],
    );
  });

  test('exclusive gateway: six months of residence goes to the officer review', async () => {
    const { instanceId, businessKey } = await bed.start('residence-permit', 'PSB', { residenceMonths: 8 });
    await completeOnly(psb.window, businessKey);
    assert.deepEqual(await inboxFor(psb.head, businessKey), []);
    await completeOnly(psb.officer, businessKey);
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.outcome, 'approved');
    assert.deepEqual(
      view.steps.map((s) => s.key),
      ['acceptance', 'review'],
    );
    assert.deepEqual(view.progress, { completed: 2, total: 2, percent: 100 });
  });

  test('exclusive gateway: otherwise the default flow to the head exceptional review', async () => {
    const { instanceId, businessKey } = await bed.start('residence-permit', 'PSB', { residenceMonths: 3 });
    await completeOnly(psb.window, businessKey);
    assert.deepEqual(await inboxFor(psb.officer, businessKey), []);
    const [task] = await inboxFor(psb.head, businessKey);
    assert.equal(task?.stepNameEn, 'Exceptional review');
    await completeOnly(psb.head, businessKey);
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.outcome, 'approved');
    assert.deepEqual(
      view.steps.map((s) => s.key),
      ['acceptance', 'exceptional-review'],
    );
  });

  test('parallel fork and join: the final approval appears only after both departments approve', async () => {
    const { instanceId, businessKey } = await bed.start('construction-permit', 'HCD');
    await completeOnly(hcd.window, businessKey);
    assert.equal((await inboxFor(hcd.officer, businessKey)).length, 1);
    assert.equal((await inboxFor(nrpOfficer, businessKey)).length, 1);
    assert.deepEqual(await inboxFor(hcd.head, businessKey), []);

    await completeOnly(nrpOfficer, businessKey);
    assert.deepEqual(await inboxFor(hcd.head, businessKey), [], 'the join waits for the HCD branch');
    let view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.status, 'running');
    assert.deepEqual(view.progress, { completed: 2, total: 4, percent: 50 });

    await completeOnly(hcd.officer, businessKey);
    const [final] = await inboxFor(hcd.head, businessKey);
    assert.equal(final?.stepNameEn, 'Final approval');
    await completeOnly(hcd.head, businessKey);
    view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.outcome, 'approved');
    assert.deepEqual([...view.steps.map((s) => s.departmentCode)].sort(), ['HCD', 'HCD', 'HCD', 'NRP']);
    const created = (await eventsOf(bed, businessKey)).filter((e) => e.type === 'workflow.task.created');
    assert.equal(created.filter((e) => e.payload.taskKey === 'final-approval').length, 1);
  });

  test('reject ends the case as rejected and cancels the parallel sibling', async () => {
    const { instanceId, businessKey } = await bed.start('construction-permit', 'HCD');
    await completeOnly(hcd.window, businessKey);
    const [sibling] = await inboxFor(hcd.officer, businessKey);
    const [planning] = await inboxFor(nrpOfficer, businessKey);
    const noNote = await nrpOfficer.client.post(`/api/v1/tasks/${planning!.id}/complete`, {
      outcome: 'reject',
    });
    assert.equal(noNote.statusCode, 400);
    assert.equal(noNote.json().error.code, 'TASK_NOTE_REQUIRED');

    await completeOnly(nrpOfficer, businessKey, 'reject', '不符合控制性详细规划');
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.status, 'completed');
    assert.equal(view.outcome, 'rejected');
    assert.equal(view.steps.find((s) => s.key === 'technical-review')?.status, 'cancelled');
    assert.deepEqual(await inboxFor(hcd.officer, businessKey), []);
    const late = await hcd.officer.client.post(`/api/v1/tasks/${sibling!.id}/complete`, {
      outcome: 'approve',
    });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'TASK_NOT_OPEN');
    const ended = (await eventsOf(bed, businessKey)).filter((e) => e.type === 'workflow.instance.ended');
    assert.deepEqual(
      ended.map((e) => e.payload.outcome),
      ['rejected'],
    );
  });

  test('return for supplement waits for the applicant, then reopens the same step for the same department', async () => {
    const db = bed.t.app.platform.db;
    const { instanceId, businessKey } = await bed.start('simple-approval', 'HPF', { amount: 1 });
    await completeOnly(hpf.window, businessKey);
    const returned = await completeOnly(hpf.officer, businessKey, 'return', '请补充银行流水');
    assert.equal(returned.status, 'returned');
    let view = await getInstanceView(db, instanceId);
    assert.equal(view.status, 'waiting_applicant');
    assert.deepEqual(await inboxFor(hpf.officer, businessKey), []);
    const completedEvent = (await eventsOf(bed, businessKey)).find((e) => e.payload.outcome === 'return');
    assert.equal(completedEvent?.payload.note, '请补充银行流水');

    await inTransaction(db, (tx) => resumeAfterSupplement(tx, instanceId, { amount: 2 }));
    await assert.rejects(
      inTransaction(db, (tx) => resumeAfterSupplement(tx, instanceId, { amount: 3 })),
      { code: 'WORKFLOW_INSTANCE_NOT_WAITING' },
    );
    const [reopened] = await inboxFor(hpf.officer, businessKey);
    assert.equal(reopened?.stepNameEn, 'Officer review');
    assert.notEqual(reopened?.id, returned.id);
    await completeOnly(hpf.officer, businessKey);
    await completeOnly(hpf.head, businessKey);
    view = await getInstanceView(db, instanceId);
    assert.equal(view.outcome, 'approved');
    assert.deepEqual(
      view.steps.map((s) => [s.key, s.status]),
      [
        ['acceptance', 'completed'],
        ['review', 'returned'],
        ['review', 'completed'],
        ['approval', 'completed'],
      ],
    );
  });

  test('terminate (withdrawal) cancels the open tasks', async () => {
    const db = bed.t.app.platform.db;
    const { instanceId, businessKey } = await bed.start('simple-approval', 'HPF');
    await inTransaction(db, (tx) => terminateInstance(tx, instanceId, 'withdrawn by applicant'));
    const view = await getInstanceView(db, instanceId);
    assert.equal(view.status, 'terminated');
    assert.equal(view.steps[0]?.status, 'cancelled');
    assert.deepEqual(await inboxFor(hpf.window, businessKey), []);
  });

  test('versions: a running case stays on its version after a new one is deployed; the same XML is no new version', async () => {
    const v1Case = await bed.start('business-licence', 'SAMR');
    const xml2 = demoBpmn('business-licence').replace(
      '<bpmn:sequenceFlow id="f4" sourceRef="approval" targetRef="end" />',
      `<bpmn:userTask id="archive" name="归档" tongban:nameEn="Archive" tongban:department="SAMR" tongban:role="window" tongban:days="1" />
    <bpmn:sequenceFlow id="f4" sourceRef="approval" targetRef="archive" />
    <bpmn:sequenceFlow id="f5" sourceRef="archive" targetRef="end" />`,
    );
    const samrAdmin = await bed.officer('samr.admin', [['SAMR', 'dept_admin']]);
    const body = { key: 'business-licence', name: '企业设立登记 v2', bpmnXml: xml2 };
    const deployed = await samrAdmin.client.post('/api/v1/workflow/definitions', body);
    assert.equal(deployed.statusCode, 201, deployed.body);
    assert.equal(deployed.json().version, 2);
    const again = await samrAdmin.client.post('/api/v1/workflow/definitions', body);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { ...deployed.json(), created: false });
    const guide = (
      await new TestClient(bed.t.app).get('/api/v1/workflow/definitions/business-licence')
    ).json();
    assert.equal(guide.version, 2);
    assert.deepEqual(
      guide.steps.map((s: { key: string }) => s.key),
      ['acceptance', 'review', 'approval', 'archive'],
    );

    const samr = {
      window: await bed.officer('samr.window', [['SAMR', 'window']]),
      officer: await bed.officer('samr.officer', [['SAMR', 'officer']]),
      head: await bed.officer('samr.head', [['SAMR', 'dept_head']]),
    };
    const v2Case = await bed.start('business-licence', 'SAMR');
    for (const c of [v1Case, v2Case]) {
      await completeOnly(samr.window, c.businessKey);
      await completeOnly(samr.officer, c.businessKey);
      await completeOnly(samr.head, c.businessKey);
    }
    const db = bed.t.app.platform.db;
    assert.equal((await getInstanceView(db, v1Case.instanceId)).outcome, 'approved');
    assert.equal((await getInstanceView(db, v2Case.instanceId)).status, 'running');
    assert.equal((await inboxFor(samr.window, v2Case.businessKey))[0]?.stepNameEn, 'Archive');
  });

  test("inbox: only tasks of my department and role; a claimed task leaves the others' inboxes", async () => {
    const { businessKey } = await bed.start('construction-permit', 'HCD');
    await completeOnly(hcd.window, businessKey);
    assert.deepEqual(await inboxFor(hcd.window, businessKey), []);
    assert.deepEqual(await inboxFor(hpf.officer, businessKey), [], 'another department');
    const [task] = await inboxFor(hcd.officer, businessKey);
    assert.equal((await inboxFor(hcd.officer2, businessKey)).length, 1);

    const claim = await hcd.officer.client.post(`/api/v1/tasks/${task!.id}/claim`);
    assert.equal(claim.statusCode, 200);
    assert.deepEqual(await inboxFor(hcd.officer2, businessKey), []);
    assert.equal((await inboxFor(hcd.officer, businessKey))[0]?.status, 'claimed');
    const mine = (await hcd.officer.client.get('/api/v1/tasks?view=mine')).json().items;
    assert.ok(mine.some((i: { id: string }) => i.id === task!.id));

    const steal = await hcd.officer2.client.post(`/api/v1/tasks/${task!.id}/claim`);
    assert.equal(steal.statusCode, 409);
    assert.equal(steal.json().error.code, 'TASK_ALREADY_CLAIMED');
    const stealComplete = await hcd.officer2.client.post(`/api/v1/tasks/${task!.id}/complete`, {
      outcome: 'approve',
    });
    assert.equal(stealComplete.json().error.code, 'TASK_ALREADY_CLAIMED');

    await completeOnly(hcd.officer, businessKey);
    const done = (await hcd.officer.client.get('/api/v1/tasks?view=done&limit=100')).json().items;
    assert.ok(
      done.some((i: { id: string; status: string }) => i.id === task!.id && i.status === 'completed'),
    );
  });

  test('two officers completing the same task at once: exactly one wins and the case moves once', async () => {
    const { instanceId, businessKey } = await bed.start('construction-permit', 'HCD');
    await completeOnly(hcd.window, businessKey);
    const [task] = await inboxFor(hcd.officer, businessKey);
    const [a, b] = await Promise.all(
      [hcd.officer, hcd.officer2].map((o) =>
        o.client.post(`/api/v1/tasks/${task!.id}/complete`, { outcome: 'approve', note: o.id }),
      ),
    );
    assert.deepEqual([a!.statusCode, b!.statusCode].sort(), [200, 409]);
    const loser = a!.statusCode === 409 ? a! : b!;
    assert.equal(loser.json().error.code, 'TASK_NOT_OPEN');
    const events = await eventsOf(bed, businessKey);
    assert.equal(
      events.filter((e) => e.type === 'workflow.task.completed' && e.payload.taskId === task!.id).length,
      1,
    );
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.steps.filter((s) => s.key === 'technical-review').length, 1);

    // The join still waits for the planning branch: the single completion moved one token.
    assert.deepEqual(await inboxFor(hcd.head, businessKey), []);
    await completeOnly(nrpOfficer, businessKey);
    assert.equal((await inboxFor(hcd.head, businessKey)).length, 1);
  });

  test('paging: the inbox pages with a cursor', async () => {
    for (let i = 0; i < 3; i++) await bed.start('simple-approval', 'HPF');
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await hpf.window.client.get(`/api/v1/tasks?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200);
      for (const item of res.json().items) seen.add(item.id);
      cursor = res.json().nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    assert.ok(seen.size >= 3);
    assert.ok(pages >= 2);
    const bad = await hpf.window.client.get('/api/v1/tasks?cursor=nonsense');
    assert.equal(bad.statusCode, 400);
  });

  test('definitions: the public guide shows steps; deploying refuses unsupported BPMN with the list', async () => {
    const anonymous = new TestClient(bed.t.app);
    const guide = await anonymous.get('/api/v1/workflow/definitions/construction-permit');
    assert.equal(guide.statusCode, 200);
    assert.deepEqual(
      guide.json().steps.map((s: { key: string; parallel: boolean }) => [s.key, s.parallel]),
      [
        ['acceptance', false],
        ['technical-review', true],
        ['planning-review', true],
        ['final-approval', false],
      ],
    );
    assert.equal(
      (await anonymous.get('/api/v1/workflow/definitions/nope')).json().error.code,
      'WORKFLOW_DEFINITION_NOT_FOUND',
    );
    const list = await admin.client.get('/api/v1/workflow/definitions');
    assert.ok(list.json().items.length >= 4);

    const bad = demoBpmn('simple-approval').replace(
      '<bpmn:endEvent id="end" name="办结" />',
      '<bpmn:endEvent id="end" name="办结" /><bpmn:serviceTask id="notify" />',
    );
    const res = await admin.client.post('/api/v1/workflow/definitions', {
      key: 'simple-approval',
      name: 'x',
      bpmnXml: bad,
    });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().error.code, 'WORKFLOW_DEFINITION_INVALID');
    assert.deepEqual(res.json().error.details, ['bpmn:ServiceTask notify']);
    assert.match(res.json().error.message, /unsupported elements: bpmn:ServiceTask notify/);
    const officerDeploy = await hpf.officer.client.post('/api/v1/workflow/definitions', {
      key: 'x',
      name: 'x',
      bpmnXml: bad,
    });
    assert.equal(officerDeploy.statusCode, 403);

    // Seeding again deploys nothing new.
    const before = (await admin.client.get('/api/v1/workflow/definitions')).json().items.length;
    await seedDemoWorkflows(bed.t.app.platform.db);
    assert.equal((await admin.client.get('/api/v1/workflow/definitions')).json().items.length, before);
  });

  test('a process naming an unknown department cannot start, and leaves nothing behind', async () => {
    const xml = demoBpmn('simple-approval').replace(
      'tongban:department="$owner" tongban:role="officer"',
      'tongban:department="NOPE" tongban:role="officer"',
    );
    const res = await admin.client.post('/api/v1/workflow/definitions', {
      key: 'unknown-department',
      name: 'x',
      bpmnXml: xml,
    });
    assert.equal(res.statusCode, 201);
    await assert.rejects(bed.start('unknown-department', 'HPF'), { code: 'WORKFLOW_DEPARTMENT_UNKNOWN' });
    const { rows } =
      await sql`SELECT 1 FROM workflow_instances WHERE process_key = 'unknown-department'`.execute(
        bed.t.app.platform.db,
      );
    assert.equal(rows.length, 0);
  });
});
