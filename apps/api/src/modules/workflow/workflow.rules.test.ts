import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DecisionTable } from '@tongban/contracts';
import { ConfigError, loadConfig } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { saveDecisionTable } from '../decisions/index.ts';
import { importBpmn } from './bpmn.ts';
import { deployDefinition } from './definitions.service.ts';
import { reviewDraw } from './sampling.ts';
import { demoBpmn } from './workflow.seed.ts';
import { getInstanceView } from './workflow.service.ts';
import { completeOnly, inboxFor, type Officer, type Testbed, workflowTestbed } from './workflow.testbed.ts';

// Business-rule tasks (a decision table decides in the engine's transaction), the BPMN they and
// countersign steps are written in, and the post-approval review draw.

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tb="https://tongban.dev/schema/bpmn"`;
const wrap = (body: string, processAttrs = '') =>
  `<?xml version="1.0"?><bpmn:definitions ${NS} id="d" targetNamespace="t"><bpmn:process id="p" ${processAttrs}>${body}</bpmn:process></bpmn:definitions>`;

/** start → rule `check` over `table` → approve ? end : officer review → end. */
function ruleProcess(table: string, ruleAttrs = '') {
  return wrap(`
    <bpmn:startEvent id="start" />
    <bpmn:businessRuleTask id="check" name="自动核验" tb:nameEn="Automated check" tb:decision="${table}" ${ruleAttrs} />
    <bpmn:exclusiveGateway id="gw" default="f-human" />
    <bpmn:endEvent id="auto" />
    <bpmn:userTask id="review" name="审查" tb:department="$owner" tb:role="officer" tb:days="2" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="gw" />
    <bpmn:sequenceFlow id="f-auto" sourceRef="gw" targetRef="auto">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">decision.decision = "approve"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f-human" sourceRef="gw" targetRef="review" />
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end" />`);
}

async function refusal(xml: string): Promise<string[]> {
  try {
    await importBpmn(xml);
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'WORKFLOW_DEFINITION_INVALID');
    return err.details as string[];
  }
  assert.fail('the definition was accepted');
}

describe('BPMN: business-rule tasks and countersign steps', () => {
  test('the instant-approval demo: a rule task, its result variable and the review sample', async () => {
    const g = await importBpmn(demoBpmn('instant-approval'));
    assert.deepEqual(g.nodes['rules-check']!.rule, {
      decision: 'hpf-withdrawal-instant',
      resultVariable: 'decision',
    });
    assert.equal(g.nodes['rules-check']!.nameEn, 'Automated check');
    assert.equal(g.reviewSample, 0.05);
    assert.deepEqual(
      g.routes.map((r) => r.length),
      [0, 3],
      'approved automatically with no step, or acceptance, review and approval',
    );
  });

  test('the senior-card demo: a countersign step the guide shows with its signers', async () => {
    const g = await importBpmn(demoBpmn('senior-card'));
    const step = g.steps.find((s) => s.key === 'joint-review')!;
    assert.deepEqual(step.countersign, {
      mode: 'all',
      completion: 'nrOfApprovals = nrOfInstances',
      signers: [
        { department: '$owner', role: 'officer' },
        { department: 'PSB', role: 'officer' },
      ],
    });
  });

  test('every problem of rule tasks, countersign steps and the review sample is listed', async () => {
    const problems = await refusal(
      wrap(
        `<bpmn:startEvent id="s" />
        <bpmn:businessRuleTask id="r1" />
        <bpmn:businessRuleTask id="r2" tb:decision="t" tb:resultVariable="applicant" />
        <bpmn:userTask id="u1" tb:signers="HCD:officer,HCD:officer"><bpmn:multiInstanceLoopCharacteristics isSequential="true" /></bpmn:userTask>
        <bpmn:userTask id="u2" tb:signers="HCD:officer" tb:signMode="all"><bpmn:multiInstanceLoopCharacteristics><bpmn:completionCondition xsi:type="bpmn:tFormalExpression">nrOfApprovals &gt;= 1</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
        <bpmn:userTask id="u3" tb:signMode="most"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>
        <bpmn:endEvent id="e" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="r1" />
        <bpmn:sequenceFlow id="f2" sourceRef="r1" targetRef="r2" />
        <bpmn:sequenceFlow id="f3" sourceRef="r2" targetRef="u1" />
        <bpmn:sequenceFlow id="f4" sourceRef="u1" targetRef="u2" />
        <bpmn:sequenceFlow id="f5" sourceRef="u2" targetRef="u3" />
        <bpmn:sequenceFlow id="f6" sourceRef="u3" targetRef="e" />`,
        'tb:reviewSample="5%"',
      ),
    );
    assert.deepEqual(problems, [
      'tongban:reviewSample must be a share between 0 and 1, got "5%"',
      'business-rule task r1 has no tongban:decision',
      'business-rule task r2: tongban:resultVariable "applicant" is not a usable name',
      'multi-instance user task u1: sequential multi-instance is not supported',
      'multi-instance user task u1: a signer is named twice',
      'multi-instance user task u2: give either tongban:signMode or a completionCondition, not both',
      'multi-instance user task u3 has no tongban:signers',
      'multi-instance user task u3: tongban:signMode must be all or any, got "most"',
    ]);
  });

  test('other loops are still refused', async () => {
    const problems = await refusal(
      wrap(`<bpmn:startEvent id="s" /><bpmn:userTask id="u" tb:department="HCD" tb:role="officer"><bpmn:standardLoopCharacteristics /></bpmn:userTask><bpmn:endEvent id="e" />
        <bpmn:sequenceFlow id="a" sourceRef="s" targetRef="u" /><bpmn:sequenceFlow id="b" sourceRef="u" targetRef="e" />`),
    );
    assert.deepEqual(problems, ['bpmn:UserTask with loop u']);
  });
});

describe('post-approval review draw', () => {
  test('the draw is fixed by the case id and spread over [0, 1)', () => {
    const draws = Array.from({ length: 2000 }, (_, i) => reviewDraw(`case-${i}`));
    assert.equal(reviewDraw('case-7'), draws[7]);
    assert.ok(draws.every((d) => d >= 0 && d < 1));
    const share = draws.filter((d) => d < 0.05).length / draws.length;
    assert.ok(share > 0.03 && share < 0.07, `about 5% fall under 0.05, got ${share}`);
  });

  test('INSTANT_REVIEW_SAMPLE_RATE must be a share between 0 and 1', () => {
    const env = { NODE_ENV: 'test', COOKIE_SECRET: 'x'.repeat(32), FIELD_KEY: 'k'.repeat(43) };
    assert.equal(loadConfig({ ...env, INSTANT_REVIEW_SAMPLE_RATE: '0.25' }).instantReviewSampleRate, 0.25);
    assert.equal(loadConfig(env).instantReviewSampleRate, undefined, 'unset: each process says');
    for (const bad of ['1.5', '-0.1', 'five percent']) {
      assert.throws(() => loadConfig({ ...env, INSTANT_REVIEW_SAMPLE_RATE: bad }), ConfigError, bad);
    }
  });
});

describe('business-rule tasks in the engine', () => {
  let bed: Testbed;
  let admin: Officer;
  let officer: Officer;

  const table = (key: string, hitPolicy: 'UNIQUE' | 'FIRST'): DecisionTable => ({
    key,
    nameZh: '测试规则',
    nameEn: 'Test rules',
    hitPolicy,
    inputs: [
      { id: 'amount', labelZh: '金额', labelEn: 'Amount', expression: 'amountFen', typeRef: 'number' },
    ],
    outputs: [{ id: 'decision', name: 'decision', labelZh: '结果', labelEn: 'Decision', typeRef: 'string' }],
    rules: [
      { id: 'small', inputEntries: ['<= 100'], outputEntries: ['"approve"'] },
      { id: 'any', inputEntries: ['-'], outputEntries: ['"refer"'] },
    ],
  });

  before(async () => {
    bed = await workflowTestbed();
    admin = await bed.officer('rules.admin', [['HPF', 'dept_admin']]);
    officer = await bed.officer('rules.officer', [['HPF', 'officer']]);
    const hpf = await bed.departmentId('HPF');
    const db = bed.t.app.platform.db;
    await saveDecisionTable(db, { table: table('small-amounts', 'FIRST'), ownerDepartmentId: hpf });
    // UNIQUE, yet both rules match small amounts: evaluating it fails.
    await saveDecisionTable(db, { table: table('overlapping', 'UNIQUE'), ownerDepartmentId: hpf });
    await deployDefinition(db, { key: 'rules-first', name: 'rules', bpmnXml: ruleProcess('small-amounts') });
    await deployDefinition(db, { key: 'rules-unique', name: 'rules', bpmnXml: ruleProcess('overlapping') });
  });
  after(async () => bed.close());

  test('the public guide marks a process a rule may approve without an officer as instant', async () => {
    const guide = async (key: string) =>
      (await admin.client.get(`/api/v1/workflow/definitions/${key}`)).json();
    assert.equal((await guide('instant-approval')).instant, true);
    assert.equal((await guide('simple-approval')).instant, false);
    assert.equal((await guide('senior-card')).steps[1].countersign.mode, 'all');
  });

  test('a process calling a decision table that does not exist is refused at deploy', async () => {
    const before = (await admin.client.get('/api/v1/workflow/definitions')).json().items.length;
    const res = await admin.client.post('/api/v1/workflow/definitions', {
      key: 'rules-missing',
      name: 'missing table',
      bpmnXml: ruleProcess('no-such-table'),
    });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().error.code, 'WORKFLOW_DECISION_UNKNOWN');
    assert.deepEqual(res.json().error.details, [{ decision: 'no-such-table' }]);
    assert.match(res.json().error.message, /no-such-table/);
    assert.equal((await admin.client.get('/api/v1/workflow/definitions')).json().items.length, before);
  });

  test('the table decides in the start transaction: approve ends the instance decided by the rules', async () => {
    const { instanceId, businessKey } = await bed.start('rules-first', 'HPF', { amountFen: 80 });
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.status, 'completed');
    assert.equal(view.outcome, 'approved');
    assert.equal(view.decidedBy, 'rules');
    assert.deepEqual(
      view.automatedChecks.map((c) => [c.key, c.decisionKey, c.matchedRules, c.outputs, c.error]),
      [['check', 'small-amounts', ['small'], { decision: 'approve' }, null]],
    );
    assert.ok(view.automatedChecks[0]!.evaluationId);
    assert.deepEqual(view.steps, []);
    assert.deepEqual(await inboxFor(officer, businessKey), [], 'the rules sampled nothing (no reviewSample)');
  });

  test('refer takes the human path; the officer’s approval is decided by an officer', async () => {
    const { instanceId, businessKey } = await bed.start('rules-first', 'HPF', { amountFen: 500 });
    let view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.status, 'running');
    assert.deepEqual(view.automatedChecks[0]!.outputs, { decision: 'refer' });
    await completeOnly(officer, businessKey);
    view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.outcome, 'approved');
    assert.equal(view.decidedBy, 'officer');
  });

  test('a table that cannot decide sends the case to an officer and records why', async () => {
    const { instanceId, businessKey } = await bed.start('rules-unique', 'HPF', { amountFen: 50 });
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.status, 'running');
    assert.deepEqual(
      view.automatedChecks.map((c) => [c.error, c.evaluationId, c.outputs]),
      [['DECISION_UNIQUE_VIOLATED', null, null]],
    );
    assert.equal((await inboxFor(officer, businessKey)).length, 1);
  });

  test('at reviewSample 1 every automatic approval is queued for review; the owner department is involved', async () => {
    const xml = ruleProcess('small-amounts').replace(
      '<bpmn:process id="p" ',
      '<bpmn:process id="p" tb:reviewSample="1" ',
    );
    await deployDefinition(bed.t.app.platform.db, { key: 'rules-sampled', name: 'rules', bpmnXml: xml });
    const { instanceId, businessKey } = await bed.start('rules-sampled', 'HPF', { amountFen: 1 });
    const view = await getInstanceView(bed.t.app.platform.db, instanceId);
    assert.equal(view.outcome, 'approved', 'the case stays approved');
    assert.deepEqual([view.review?.status, view.review?.outcome], ['open', null]);
    const [task] = await inboxFor(officer, businessKey);
    assert.equal(task?.stepNameEn, 'Post-approval review');
  });
});
