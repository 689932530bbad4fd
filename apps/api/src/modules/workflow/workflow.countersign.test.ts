import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { inTransaction } from '../../platform/db.ts';
import { deployDefinition } from './definitions.service.ts';
import { getInstanceView, resumeAfterSupplement } from './workflow.service.ts';
import { completeOnly, inboxFor, type Officer, type Testbed, workflowTestbed } from './workflow.testbed.ts';

// Countersign steps (会签 / 或签): a multi-instance user task gives every signer a task in their own
// inbox, and the step completes once its completion condition holds.

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tongban="https://tongban.dev/schema/bpmn"`;

/** start → countersign `sign` → dept_head `final` of the owner → end. */
function countersignProcess(key: string, signing: string, loop = '') {
  return `<?xml version="1.0"?>
<bpmn:definitions ${NS} id="d-${key}" targetNamespace="t">
  <bpmn:process id="${key}">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="sign" name="联合审查" tongban:nameEn="Joint review" tongban:days="2" ${signing}>
      <bpmn:multiInstanceLoopCharacteristics isSequential="false">${loop}</bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:userTask id="final" name="审批决定" tongban:nameEn="Final approval"
      tongban:department="$owner" tongban:role="dept_head" tongban:days="1" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sign" />
    <bpmn:sequenceFlow id="f2" sourceRef="sign" targetRef="final" />
    <bpmn:sequenceFlow id="f3" sourceRef="final" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

const condition = (c: string) =>
  `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${c}</bpmn:completionCondition>`;

describe('countersign steps', () => {
  let bed: Testbed;
  let hcd: Officer;
  let nrp: Officer;
  let samr: Officer;
  let hcdHead: Officer;
  let cab: { window: Officer; officer: Officer };
  let psb: Officer;

  before(async () => {
    bed = await workflowTestbed();
    hcd = await bed.officer('cs.hcd', [['HCD', 'officer']]);
    nrp = await bed.officer('cs.nrp', [['NRP', 'officer']]);
    samr = await bed.officer('cs.samr', [['SAMR', 'officer']]);
    hcdHead = await bed.officer('cs.hcd.head', [['HCD', 'dept_head']]);
    cab = {
      window: await bed.officer('cs.cab.window', [['CAB', 'window']]),
      officer: await bed.officer('cs.cab.officer', [['CAB', 'officer']]),
    };
    psb = await bed.officer('cs.psb', [['PSB', 'officer']]);
    const db = bed.t.app.platform.db;
    const deploy = (key: string, bpmnXml: string) => deployDefinition(db, { key, name: key, bpmnXml });
    await deploy(
      'cs-all',
      countersignProcess('cs-all', 'tongban:signers="HCD:officer,NRP:officer" tongban:signMode="all"'),
    );
    await deploy(
      'cs-any',
      countersignProcess(
        'cs-any',
        'tongban:signers="HCD:officer,NRP:officer,SAMR:officer" tongban:signMode="any"',
      ),
    );
    await deploy(
      'cs-two-of-three',
      countersignProcess(
        'cs-two-of-three',
        'tongban:signers="HCD:officer,NRP:officer,SAMR:officer"',
        condition('nrOfApprovals &gt;= 2'),
      ),
    );
    await deploy('cs-feel', countersignProcess('cs-feel', 'tongban:signers="reviewers"'));
  });
  after(async () => bed.close());

  const complete = (o: Officer, taskId: string, outcome: string, note?: string) =>
    o.client.post(`/api/v1/tasks/${taskId}/complete`, { outcome, ...(note ? { note } : {}) });
  const only = async (o: Officer, businessKey: string) => {
    const items = await inboxFor(o, businessKey);
    assert.equal(items.length, 1, `one task for ${JSON.stringify(items)}`);
    return items[0]!.id;
  };
  const instanceCount = async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM workflow_instances`.execute(
      bed.t.app.platform.db,
    );
    return rows[0]?.n ?? 0;
  };

  test('会签 (the demo senior card): each signer decides in their own inbox; the step passes when all approved', async () => {
    const { instanceId, businessKey } = await bed.start('senior-card', 'CAB');
    await completeOnly(cab.window, businessKey);
    const cabTask = await only(cab.officer, businessKey);
    const psbTask = await only(psb, businessKey);
    let view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.deepEqual(
      view.countersigns.map((c) => [c.key, c.mode, c.total, c.approvals, c.pending, c.status]),
      [['joint-review', 'all', 2, 0, 2, 'open']],
    );
    assert.equal((await complete(cab.officer, cabTask, 'approve')).statusCode, 200);
    const detail = (await psb.client.get(`/api/v1/tasks/${psbTask}`)).json();
    assert.deepEqual(
      [detail.countersign.total, detail.countersign.approvals, detail.countersign.pending],
      [2, 1, 1],
      'the task shows 1 of 2 signed',
    );
    view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.status, 'running', 'one signature is not enough');
    assert.deepEqual(
      [view.progress.completed, view.progress.total],
      [1, 2],
      'the progress bar counts the joint review once every signer signed',
    );
    assert.equal((await complete(psb, psbTask, 'approve')).statusCode, 200);
    view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.status, 'completed');
    assert.equal(view.outcome, 'approved');
    assert.equal(view.decidedBy, 'officer');
    assert.equal(view.countersigns[0]!.status, 'passed');
    assert.deepEqual(
      view.steps.filter((s) => s.key === 'joint-review').map((s) => [s.departmentCode, s.signer?.count]),
      [
        ['CAB', 2],
        ['PSB', 2],
      ],
    );
  });

  test('会签: one rejection rejects the case and withdraws the other signer’s task', async () => {
    const { instanceId, businessKey } = await bed.start('cs-all', 'HCD');
    const nrpTask = await only(nrp, businessKey);
    await only(hcd, businessKey);
    assert.equal((await complete(nrp, nrpTask, 'reject', '不符合规划条件')).statusCode, 200);
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.outcome, 'rejected');
    assert.equal(view.countersigns[0]!.status, 'failed');
    assert.deepEqual(await inboxFor(hcd, businessKey), [], 'the HCD signer has nothing left to sign');
  });

  test('或签: the first approval completes the step; the other signers’ tasks are cancelled', async () => {
    const { instanceId, businessKey } = await bed.start('cs-any', 'HCD');
    const samrTask = await only(samr, businessKey);
    await only(hcd, businessKey);
    await only(nrp, businessKey);
    assert.equal((await complete(samr, samrTask, 'approve')).statusCode, 200);
    assert.deepEqual(await inboxFor(hcd, businessKey), []);
    assert.deepEqual(await inboxFor(nrp, businessKey), []);
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.deepEqual(
      view.steps.filter((s) => s.key === 'sign').map((s) => [s.departmentCode, s.status]),
      [
        ['HCD', 'cancelled'],
        ['NRP', 'cancelled'],
        ['SAMR', 'completed'],
      ],
    );
    assert.equal(view.countersigns[0]!.status, 'passed');
    await only(hcdHead, businessKey);
  });

  test('或签: a rejection leaves the others free to sign; the step fails only when nobody approved', async () => {
    const { instanceId, businessKey } = await bed.start('cs-any', 'HCD');
    assert.equal((await complete(hcd, await only(hcd, businessKey), 'reject', '材料不全')).statusCode, 200);
    assert.equal((await complete(nrp, await only(nrp, businessKey), 'reject', '不符合条件')).statusCode, 200);
    assert.equal((await getInstanceView(bed.t.app.platform.db, instanceId)).status, 'running');
    assert.equal((await complete(samr, await only(samr, businessKey), 'reject', '不同意')).statusCode, 200);
    assert.equal((await getInstanceView(bed.t.app.platform.db, instanceId)).outcome, 'rejected');
  });

  test('completion condition nrOfApprovals >= 2 of 3: a rejection is outvoted; two rejections fail it', async () => {
    const passing = await bed.start('cs-two-of-three', 'HCD');
    assert.equal((await complete(hcd, await only(hcd, passing.businessKey), 'approve')).statusCode, 200);
    assert.equal(
      (await complete(nrp, await only(nrp, passing.businessKey), 'reject', '保留意见')).statusCode,
      200,
    );
    let view = await getInstanceView(bed.t.app.platform.db, passing.instanceId);
    assert.deepEqual(
      [view.countersigns[0]!.approvals, view.countersigns[0]!.rejections, view.countersigns[0]!.status],
      [1, 1, 'open'],
    );
    assert.equal((await complete(samr, await only(samr, passing.businessKey), 'approve')).statusCode, 200);
    view = await getInstanceView(bed.t.app.platform.db, passing.instanceId);
    assert.equal(view.countersigns[0]!.status, 'passed');
    await only(hcdHead, passing.businessKey);

    const failing = await bed.start('cs-two-of-three', 'HCD');
    await complete(hcd, await only(hcd, failing.businessKey), 'reject', '不同意');
    await complete(nrp, await only(nrp, failing.businessKey), 'reject', '不同意');
    view = await getInstanceView(bed.t.app.platform.db, failing.instanceId);
    assert.equal(view.outcome, 'rejected', 'two approvals are no longer possible');
    assert.deepEqual(await inboxFor(samr, failing.businessKey), []);
  });

  test('the two last signers approving at once complete the step exactly once', async () => {
    for (let round = 0; round < 3; round++) {
      const { instanceId, businessKey } = await bed.start('cs-all', 'HCD');
      const [a, b] = [await only(hcd, businessKey), await only(nrp, businessKey)];
      const answers = await Promise.all([complete(hcd, a, 'approve'), complete(nrp, b, 'approve')]);
      assert.deepEqual(
        answers.map((r) => r.statusCode),
        [200, 200],
      );
      const view = await getInstanceView(bed.t.app.platform.db, instanceId);
      assert.deepEqual(
        view.steps.filter((s) => s.key === 'final').map((s) => s.status),
        ['open'],
        'exactly one next step',
      );
    }
    // 或签: of two approving at once, one completes the step and the other finds the task gone.
    const { businessKey } = await bed.start('cs-any', 'HCD');
    const answers = await Promise.all([
      complete(hcd, await only(hcd, businessKey), 'approve'),
      complete(nrp, await only(nrp, businessKey), 'approve'),
    ]);
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409]);
    assert.equal((await inboxFor(hcdHead, businessKey)).length, 1, 'exactly one next step');
  });

  test('signers computed by FEEL from the case; an unusable list is a coded error and changes nothing', async () => {
    const { businessKey } = await bed.start('cs-feel', 'HCD', { reviewers: ['HCD:officer', 'SAMR:officer'] });
    await only(hcd, businessKey);
    await only(samr, businessKey);
    assert.deepEqual(await inboxFor(nrp, businessKey), []);
    const before = await instanceCount();
    await assert.rejects(
      bed.start('cs-feel', 'HCD', { reviewers: ['nobody'] }),
      (err: Error & { code?: string }) => err.code === 'WORKFLOW_SIGNERS_INVALID',
    );
    await assert.rejects(
      bed.start('cs-feel', 'HCD', { reviewers: ['XYZ:officer'] }),
      (err: Error & { code?: string }) => err.code === 'WORKFLOW_DEPARTMENT_UNKNOWN',
    );
    assert.equal(await instanceCount(), before, 'the failed starts left no instance');
  });

  test('a signer returning the case for supplement: after the resubmission only that signer signs again', async () => {
    const { instanceId, businessKey } = await bed.start('cs-all', 'HCD');
    assert.equal((await complete(hcd, await only(hcd, businessKey), 'approve')).statusCode, 200);
    assert.equal(
      (await complete(nrp, await only(nrp, businessKey), 'return', '请补充规划图纸')).statusCode,
      200,
    );
    await inTransaction(bed.t.app.platform.db, (tx) => resumeAfterSupplement(tx, instanceId, {}));
    assert.deepEqual(await inboxFor(hcd, businessKey), [], 'the HCD approval stands');
    assert.equal((await complete(nrp, await only(nrp, businessKey), 'approve')).statusCode, 200);
    await only(hcdHead, businessKey);
  });
});
