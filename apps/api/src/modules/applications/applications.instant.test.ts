import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { demoApp, newCitizen, readyHpfDraft, signIn } from './applications.testkit.ts';

// Instant approval (秒批秒办) of housing-fund withdrawals (HPF-WD): the decision table decides as
// the case is submitted; approvals are sampled for a post-approval review (事后抽查).

interface TimelineEntry {
  kind: string;
  stepNameZh: string;
  stepNameEn: string;
  outcome: string | null;
  note: string | null;
  status: string;
  evaluationId?: string | null;
}

describe('instant approval of housing-fund withdrawals', () => {
  let t: TestApp;
  let officer: TestClient;
  let window: TestClient;
  let head: TestClient;
  let n = 0;
  before(async () => {
    t = await demoApp();
    officer = await signIn(t.app, 'hpf.officer');
    window = await signIn(t.app, 'hpf.window');
    head = await signIn(t.app, 'hpf.head');
  });
  after(async () => t.close());

  const db = () => t.app.platform.db;
  const setSampleRate = (rate: number | undefined) => {
    // The configured rate overrides the process's tongban:reviewSample (INSTANT_REVIEW_SAMPLE_RATE).
    if (rate === undefined) delete t.config.instantReviewSampleRate;
    else t.config.instantReviewSampleRate = rate;
  };

  /** A new citizen files an HPF-WD case: `instant` answers are within the rules, the others are referred. */
  async function submitted(instant: boolean) {
    n += 1;
    const citizen = await newCitizen(t.app, 400 + n, `秒批${n}`);
    const id = await readyHpfDraft(citizen.client, citizen.idNumber, citizen.name, instant);
    const res = await citizen.client.post(
      `/api/v1/applications/${id}/submit`,
      {},
      { 'idempotency-key': `instant-${id}` },
    );
    assert.equal(res.statusCode, 200, res.body);
    return { id, citizen, view: res.json() };
  }

  const inbox = async (c: TestClient, caseId: string, view = 'inbox') => {
    const res = await c.get(`/api/v1/tasks?view=${view}&limit=100`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().items as { id: string; caseId: string; stage: string | null }[]).filter(
      (i) => i.caseId === caseId,
    );
  };

  test('a claim within the rules is approved as it is submitted, with the reasons in plain words', async () => {
    setSampleRate(0);
    const { id, citizen, view } = await submitted(true);
    assert.equal(view.status, 'approved', 'the submit answer already shows the decision');
    assert.ok(view.decidedAt);
    assert.equal(view.decidedBy, 'rules');
    assert.equal(view.progress.percent, 100);
    const [check] = view.automatedChecks;
    assert.equal(check.outcome, 'approve');
    assert.equal(check.decisionKey, 'hpf-withdrawal-instant');
    assert.ok(check.evaluationId);
    assert.deepEqual(check.explanationZh, [
      '提取原因为租房自住，申请金额为 12,000.00 元，不超过 15,000.00 元 → 租房提取金额在 15,000 元限额内，自动核准',
    ]);
    assert.deepEqual(check.explanationEn, [
      'Reason for withdrawal is Paying rent, Amount requested is ¥12,000.00, at most ¥15,000.00 → Rent withdrawal within the ¥15,000 limit: approved automatically',
    ]);
    assert.equal(check.trace, undefined, 'the applicant gets the plain words, not the trace');
    const timeline = view.timeline as TimelineEntry[];
    assert.deepEqual(
      timeline.map((e) => e.kind),
      ['created', 'submitted', 'automated', 'decided'],
    );
    const decided = timeline.at(-1)!;
    assert.equal(decided.stepNameZh, '自动核准');
    assert.equal(decided.stepNameEn, 'Approved automatically');
    assert.equal(decided.evaluationId, check.evaluationId);
    // The applicant reads the same later, in either language.
    const again = await citizen.client.get(`/api/v1/applications/${id}`, { 'accept-language': 'en' });
    assert.equal(again.json().status, 'approved');
    assert.deepEqual(again.json().automatedChecks[0].explanationEn, check.explanationEn);
    // Nothing waits for an officer.
    assert.deepEqual(await inbox(window, id), []);
    assert.deepEqual(await inbox(officer, id), []);
    // The evaluation is stored with the case as its subject, and the decision is audited.
    const stored = await officer.get(
      `/api/v1/admin/decision-evaluations?subjectType=application&subjectId=${id}`,
    );
    assert.equal(stored.statusCode, 200, stored.body);
    assert.deepEqual(
      stored.json().items.map((e: { id: string; matched: string[] }) => [e.id, e.matched]),
      [[check.evaluationId, ['rent-within-limit']]],
    );
    // The applicant is told at once, like any decision (application.statusChanged submitted → approved).
    await t.app.platform.outbox.drain();
    const told = (await citizen.client.get('/api/v1/me/notifications')).json().items as {
      subject: { id: string } | null;
      link: string | null;
    }[];
    assert.ok(
      told.some((m) => m.link === `/applications/${id}`),
      `the applicant is notified: ${JSON.stringify(told)}`,
    );
    const submit = await sql<{ details: { decidedBy?: string } }>`
      SELECT details FROM audit_entries WHERE subject_id = ${id} AND action = 'application.submit'`.execute(
      db(),
    );
    assert.equal(submit.rows[0]?.details.decidedBy, 'rules');
  });

  test('officers of the owning department see the full trace of an automatic approval', async () => {
    setSampleRate(0);
    const { id, view } = await submitted(true);
    const res = await officer.get(`/api/v1/cases/${id}`);
    assert.equal(res.statusCode, 200, res.body);
    const [check] = res.json().automatedChecks;
    assert.equal(check.evaluationId, view.automatedChecks[0].evaluationId);
    assert.deepEqual(check.matchedRules, ['rent-within-limit']);
    assert.deepEqual(check.outputs.decision, 'approve');
    assert.deepEqual(
      check.trace.inputs.map((i: { id: string; value: unknown }) => [i.id, i.value]),
      [
        ['reason', 'rent'],
        ['amount', 1_200_000],
      ],
    );
    assert.equal(check.trace.rules[0].matched, true);
    // Another department's officer is not involved in the case.
    const other = await signIn(t.app, 'tax.officer');
    assert.equal((await other.get(`/api/v1/cases/${id}`)).statusCode, 404);
    const read = await sql<{ details: { evaluationIds?: string[] } }>`
      SELECT details FROM audit_entries WHERE subject_id = ${id} AND action = 'case.read'`.execute(db());
    assert.deepEqual(read.rows[0]?.details.evaluationIds, [check.evaluationId]);
  });

  test('a claim outside the rules goes to the window and officers, who see why it was referred', async () => {
    setSampleRate(1);
    const { id, view } = await submitted(false);
    assert.equal(view.status, 'submitted');
    assert.equal(view.decidedBy, null);
    assert.equal(view.automatedChecks[0].outcome, 'refer');
    assert.deepEqual(view.automatedChecks[0].explanationEn, ['Referred to an officer for review']);
    assert.deepEqual(view.automatedChecks[0].explanationZh, ['转工作人员审核']);
    const automated = (view.timeline as TimelineEntry[]).find((e) => e.kind === 'automated')!;
    assert.equal(automated.outcome, 'refer');
    const [acceptance] = await inbox(window, id);
    assert.ok(acceptance, 'the window has the acceptance task');
    const res = await window.get(`/api/v1/cases/${id}`);
    const [check] = res.json().automatedChecks;
    assert.deepEqual(check.matchedRules, ['otherwise']);
    assert.equal(check.trace.rules.find((r: { id: string }) => r.id === 'rent-within-limit').matched, false);
    // A referred case is not sampled: only automatic approvals are.
    assert.deepEqual(await inbox(officer, id), []);
    // Officers cannot confirm or flag an ordinary step.
    const wrong = await window.post(`/api/v1/tasks/${acceptance.id}/complete`, { outcome: 'confirm' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.code, 'TASK_OUTCOME_NOT_ALLOWED');
  });

  test('at a sample rate of 1 an automatic approval gets a post-approval review; confirming closes it', async () => {
    setSampleRate(1);
    const { id, citizen, view } = await submitted(true);
    assert.equal(view.status, 'approved', 'the review does not hold the case up');
    const [review] = await inbox(officer, id);
    assert.ok(review, "the owning department's officer has the review in the inbox");
    assert.equal(review.stage, 'review');
    assert.ok(
      !(view.timeline as TimelineEntry[]).some((e) => e.kind === 'step'),
      'the applicant does not see the pending review',
    );
    const approve = await officer.post(`/api/v1/tasks/${review.id}/complete`, { outcome: 'approve' });
    assert.equal(approve.json().error.code, 'TASK_OUTCOME_NOT_ALLOWED');
    const confirmed = await officer.post(`/api/v1/tasks/${review.id}/complete`, { outcome: 'confirm' });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().outcome, 'confirm');
    assert.deepEqual(await inbox(officer, id), []);
    const caseView = (await officer.get(`/api/v1/cases/${id}`)).json();
    assert.equal(caseView.status, 'approved');
    assert.equal(caseView.review.outcome, 'confirm');
    const mine = (await citizen.client.get(`/api/v1/applications/${id}`)).json();
    const reviewed = (mine.timeline as TimelineEntry[]).find(
      (e) => e.stepNameEn === 'Reviewed after approval',
    );
    assert.ok(reviewed, 'the timeline shows the review once done');
    assert.equal(mine.status, 'approved');
    const event = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM platform_outbox
      WHERE type = 'workflow.review.completed' AND payload->>'businessKey' = ${id}`.execute(db());
    assert.ok((event.rows[0]?.n ?? 0) >= 1);
  });

  test('a flagged review needs a note and shows to the department head, not to the applicant', async () => {
    setSampleRate(1);
    const { id, citizen } = await submitted(true);
    const [review] = await inbox(officer, id);
    assert.ok(review);
    const bare = await officer.post(`/api/v1/tasks/${review.id}/complete`, { outcome: 'flag' });
    assert.equal(bare.statusCode, 400);
    assert.equal(bare.json().error.code, 'TASK_NOTE_REQUIRED');
    const note = '租赁合同金额与申请金额不符';
    const flagged = await officer.post(`/api/v1/tasks/${review.id}/complete`, { outcome: 'flag', note });
    assert.equal(flagged.statusCode, 200, flagged.body);
    const headList = await inbox(head, id, 'flagged');
    assert.deepEqual(
      headList.map((i) => i.id),
      [review.id],
    );
    assert.deepEqual(await inbox(officer, id, 'flagged'), [], 'only department heads follow flags up');
    const headView = (await head.get(`/api/v1/cases/${id}`)).json();
    assert.equal(headView.review.outcome, 'flag');
    assert.equal(headView.review.note, note);
    assert.equal(headView.status, 'approved');
    const mine = (await citizen.client.get(`/api/v1/applications/${id}`)).json();
    const reviewed = (mine.timeline as TimelineEntry[]).find(
      (e) => e.stepNameEn === 'Reviewed after approval',
    )!;
    assert.equal(reviewed.note, null);
    assert.equal(reviewed.outcome, null);
    assert.ok(!JSON.stringify(mine).includes(note), "the reviewer's note stays with the department");
  });

  test('at a sample rate of 0 no automatic approval is reviewed', async () => {
    setSampleRate(0);
    for (let i = 0; i < 3; i++) {
      const { id, view } = await submitted(true);
      assert.equal(view.status, 'approved');
      assert.deepEqual(await inbox(officer, id), []);
    }
  });
});
