import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { inTransaction } from '../../platform/db.ts';
import { getInstanceView, resumeAfterSupplement } from './workflow.service.ts';
import { completeOnly, inboxFor, type Officer, type Testbed, workflowTestbed } from './workflow.testbed.ts';

/**
 * The SLA clock on the 2026 calendar of region 339000: the Spring Festival holidays are 15–23 Feb,
 * Saturday 14 and Saturday 28 Feb are make-up working days (调休上班).
 */
const endOf = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000 - 8 * 3600_000 - 1).toISOString();
/** 10:00 in China on `date`. */
const tenAm = (date: string) => new Date(`${date}T02:00:00Z`);

describe('the SLA clock: pauses, both limits, extensions', () => {
  let bed: Testbed;
  let window: Officer;
  let officer: Officer;
  let colleague: Officer;
  let head: Officer;
  let otherHead: Officer;

  before(async () => {
    bed = await workflowTestbed();
    window = await bed.officer('hpf.window', [['HPF', 'window']]);
    officer = await bed.officer('hpf.officer', [['HPF', 'officer']]);
    colleague = await bed.officer('hpf.officer2', [['HPF', 'officer']]);
    head = await bed.officer('hpf.head', [['HPF', 'dept_head']]);
    otherHead = await bed.officer('tax.head', [['TAX', 'dept_head']]);
  });
  after(async () => bed.close());

  const db = () => bed.t.app.platform.db;
  const view = (instanceId: string) => getInstanceView(db(), instanceId);

  /** A simple-approval case started Monday 9 Feb 10:00, promised 5 and statutory 10 working days, at its review step. */
  async function caseAtReview(startDay = '2026-02-09') {
    bed.t.clock.now = tenAm(startDay);
    const started = await bed.start(
      'simple-approval',
      'HPF',
      {},
      { dueInWorkingDays: 5, statutoryWorkingDays: 10 },
    );
    bed.t.clock.now = new Date(tenAm(startDay).getTime() + 3600_000);
    await completeOnly(window, started.businessKey);
    const [review] = await inboxFor(officer, started.businessKey);
    assert.ok(review);
    return { ...started, reviewId: review.id };
  }

  test('a case tracks its promised and its statutory limit', async () => {
    const { instanceId } = await caseAtReview();
    const v = await view(instanceId);
    // Working days after Mon 9 Feb: 10, 11, 12, 13, Sat 14 (make-up) = 5; then 24–27, Sat 28 = 10.
    assert.equal(v.dueAt, endOf('2026-02-14'));
    assert.equal(v.statutoryDueAt, endOf('2026-02-28'));
    assert.equal(v.clock.promisedDueAt, endOf('2026-02-14'));
    assert.equal(v.clock.overStatutory, false);
    bed.t.clock.now = tenAm('2026-03-02');
    const late = await view(instanceId);
    assert.equal(late.light, 'red');
    assert.equal(late.clock.overStatutory, true, 'past the statutory limit is flagged apart from red');
  });

  test('a statutory pause across the Spring Festival and a make-up Saturday moves every limit by 4 working days', async () => {
    const { instanceId, businessKey, reviewId } = await caseAtReview();
    assert.equal((await officer.client.post(`/api/v1/tasks/${reviewId}/claim`)).statusCode, 200);
    // Thursday 12 Feb: the review is due today; the case goes on public notice for 5 working days.
    bed.t.clock.now = tenAm('2026-02-12');
    const paused = await officer.client.post(`/api/v1/tasks/${reviewId}/pause`, {
      kind: 'public_notice',
      reason: '拟准予许可，公示五个工作日',
      plannedDays: 5,
    });
    assert.equal(paused.statusCode, 200, paused.body);
    // 13, Sat 14, then 24, 25, 26 Feb.
    assert.equal(paused.json().pause.plannedUntil, '2026-02-26');
    assert.equal(paused.json().light, 'paused');

    // While paused: no decision, no second pause; the light says paused, not red.
    bed.t.clock.now = tenAm('2026-02-20');
    const approve = await officer.client.post(`/api/v1/tasks/${reviewId}/complete`, { outcome: 'approve' });
    assert.equal(approve.statusCode, 409);
    assert.equal(approve.json().error.code, 'WORKFLOW_CLOCK_PAUSED');
    const again = await officer.client.post(`/api/v1/tasks/${reviewId}/pause`, {
      kind: 'expert_review',
      reason: 'x',
    });
    assert.equal(again.json().error.code, 'WORKFLOW_CLOCK_ALREADY_PAUSED');
    const task = (await officer.client.get(`/api/v1/tasks/${reviewId}`)).json();
    assert.equal(task.light, 'paused');
    assert.equal((await view(instanceId)).light, 'paused');

    // Wednesday 25 Feb: given back 13, Sat 14 (make-up), 24 and 25; the holidays 15–23 are not.
    bed.t.clock.now = tenAm('2026-02-25');
    const resumed = await colleague.client.post(`/api/v1/tasks/${reviewId}/resume`);
    assert.equal(resumed.statusCode, 200, resumed.body);
    const v = await view(instanceId);
    assert.equal(
      v.steps.find((s) => s.taskId === reviewId)?.dueAt,
      endOf('2026-02-25'),
      'review: 12 Feb + 4',
    );
    assert.equal(v.dueAt, endOf('2026-02-27'), 'promised: 14 Feb + 24, 25, 26, 27');
    assert.equal(v.statutoryDueAt, endOf('2026-03-05'), 'statutory: Sat 28 Feb + 2, 3, 4, 5 March');
    assert.equal(v.clock.pause, null);
    assert.deepEqual(
      v.clockEvents.map((e) => [e.kind, e.clock.workingDays ?? null, e.actorName]),
      [
        ['clock_paused', null, 'officer hpf.officer'],
        ['clock_resumed', 4, 'officer hpf.officer2'],
      ],
    );
    assert.equal(v.clockEvents[0]?.note, '拟准予许可，公示五个工作日');

    const notPaused = await officer.client.post(`/api/v1/tasks/${reviewId}/resume`);
    assert.equal(notPaused.statusCode, 409);
    assert.equal(notPaused.json().error.code, 'WORKFLOW_CLOCK_NOT_PAUSED');
    assert.equal(
      (await officer.client.post(`/api/v1/tasks/${reviewId}/complete`, { outcome: 'approve' })).statusCode,
      200,
    );
    const { rows } = await sql<{ action: string }>`
      SELECT action FROM audit_entries WHERE subject_id = ${instanceId} AND action LIKE 'workflow.clock.%' ORDER BY id`.execute(
      db(),
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['workflow.clock.pause', 'workflow.clock.resume'],
    );
    assert.ok(businessKey);
  });

  test('waiting on the applicant stops the clock; the reopened step keeps the time it had left', async () => {
    // Monday 2 March 10:00; the front desk returns it at 11:00 (acceptance was due Tue 3 March).
    bed.t.clock.now = tenAm('2026-03-02');
    const { instanceId, businessKey } = await bed.start('simple-approval', 'HPF');
    bed.t.clock.now = new Date(tenAm('2026-03-02').getTime() + 3600_000);
    await completeOnly(window, businessKey, 'return', '请补充身份证明');
    const waiting = await view(instanceId);
    assert.equal(waiting.status, 'waiting_applicant');
    assert.equal(waiting.light, 'paused');
    assert.equal(waiting.clock.pause?.kind, 'supplement');
    const resumeWhilePaused = await window.client.post(`/api/v1/tasks/${waiting.steps[0]!.taskId}/resume`);
    assert.equal(resumeWhilePaused.statusCode, 409, 'only the applicant ends a supplement pause');

    // Friday 6 March 15:00 the applicant resubmits: 3, 4, 5, 6 March are given back.
    bed.t.clock.now = new Date('2026-03-06T07:00:00Z');
    await inTransaction(db(), (tx) => resumeAfterSupplement(tx, instanceId, { corrected: true }));
    const v = await view(instanceId);
    const reopened = v.steps.find((s) => s.status === 'open');
    assert.equal(reopened?.dueAt, endOf('2026-03-09'), 'acceptance: 3 March + 4, 5, 6, Mon 9');
    // Promised (= statutory here): five working days to Mon 9 March, then 10, 11, 12, 13.
    assert.equal(v.dueAt, endOf('2026-03-13'));
    assert.equal(v.statutoryDueAt, endOf('2026-03-13'));
    assert.deepEqual(
      v.clockEvents.map((e) => [e.kind, e.clock.pauseKind, e.clock.workingDays ?? null]),
      [
        ['clock_paused', 'supplement', null],
        ['clock_resumed', 'supplement', 4],
      ],
    );
    const { rows } = await sql<{ payload: { change: string; dueAt: string } }>`
      SELECT payload FROM platform_outbox WHERE type = 'workflow.instance.clockChanged'
      AND payload->>'instanceId' = ${instanceId} ORDER BY id`.execute(db());
    assert.deepEqual(
      rows.map((r) => [r.payload.change, r.payload.dueAt]),
      [
        ['paused', endOf('2026-03-09')],
        ['resumed', endOf('2026-03-13')],
      ],
    );
  });

  test('extensions: the officer asks, the head of the owning department approves within the allowance', async () => {
    const { instanceId, reviewId } = await caseAtReview('2026-03-09');
    bed.t.clock.now = tenAm('2026-03-10');
    const tooLong = await officer.client.post(`/api/v1/tasks/${reviewId}/extensions`, {
      days: 11,
      reason: '材料复杂',
    });
    assert.equal(tooLong.statusCode, 422);
    assert.equal(tooLong.json().error.code, 'WORKFLOW_EXTENSION_TOO_LONG');
    const asked = await officer.client.post(`/api/v1/tasks/${reviewId}/extensions`, {
      days: 3,
      reason: '需征求规划部门意见',
    });
    assert.equal(asked.statusCode, 201, asked.body);
    const request = asked.json();
    assert.equal(request.status, 'pending');
    const twice = await officer.client.post(`/api/v1/tasks/${reviewId}/extensions`, { days: 1, reason: 'x' });
    assert.equal(twice.json().error.code, 'WORKFLOW_EXTENSION_PENDING');

    const queue = (await head.client.get('/api/v1/workflow/extensions')).json();
    assert.deepEqual(
      queue.items.map((x: { id: string }) => x.id),
      [request.id],
    );
    assert.equal((await otherHead.client.get('/api/v1/workflow/extensions')).json().items.length, 0);
    assert.equal(
      (await otherHead.client.post(`/api/v1/workflow/extensions/${request.id}/approve`, {})).statusCode,
      403,
    );

    const before = await view(instanceId);
    // Promised 5 days from Mon 9 March: Mon 16 March; statutory 10: Mon 23 March.
    assert.equal(before.dueAt, endOf('2026-03-16'));
    const approved = await head.client.post(`/api/v1/workflow/extensions/${request.id}/approve`, {});
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().status, 'approved');
    const v = await view(instanceId);
    assert.equal(v.dueAt, endOf('2026-03-19'));
    assert.equal(v.statutoryDueAt, endOf('2026-03-26'));
    // The review was due Thu 12 March (10, 11, 12): now Tue 17 March.
    assert.equal(v.steps.find((s) => s.taskId === reviewId)?.dueAt, endOf('2026-03-17'));
    assert.equal(v.clock.extension.usedDays, 3);
    const decidedAgain = await head.client.post(`/api/v1/workflow/extensions/${request.id}/refuse`, {
      note: '不同意',
    });
    assert.equal(decidedAgain.json().error.code, 'WORKFLOW_EXTENSION_DECIDED');

    // A second request beyond what is left (10 − 3) is refused; a refusal needs a note and moves nothing.
    const beyond = (
      await officer.client.post(`/api/v1/tasks/${reviewId}/extensions`, { days: 8, reason: 'x' })
    ).json();
    assert.equal(beyond.error.code, 'WORKFLOW_EXTENSION_TOO_LONG');
    assert.equal(beyond.error.details[0].max, 7);
    const second = (
      await officer.client.post(`/api/v1/tasks/${reviewId}/extensions`, { days: 2, reason: '补充调查' })
    ).json();
    const bare = await head.client.post(`/api/v1/workflow/extensions/${second.id}/refuse`, {});
    assert.equal(bare.json().error.code, 'WORKFLOW_EXTENSION_NOTE_REQUIRED');
    assert.equal(
      (await head.client.post(`/api/v1/workflow/extensions/${second.id}/refuse`, { note: '理由不充分' }))
        .statusCode,
      200,
    );
    assert.equal((await view(instanceId)).dueAt, endOf('2026-03-19'));
    assert.deepEqual(
      (await view(instanceId)).clockEvents.map((e) => e.kind),
      ['extension_requested', 'extended', 'extension_requested', 'extension_refused'],
    );
  });

  test('concurrent resumes and an extension approval: one resume wins, both shifts land (no lost update)', async () => {
    const { instanceId, reviewId } = await caseAtReview('2026-04-13');
    bed.t.clock.now = tenAm('2026-04-14');
    const pause = await officer.client.post(`/api/v1/tasks/${reviewId}/pause`, {
      kind: 'expert_review',
      reason: '专家评审',
    });
    assert.equal(pause.statusCode, 200, pause.body);
    const ext = (
      await officer.client.post(`/api/v1/tasks/${reviewId}/extensions`, { days: 2, reason: '评审延长' })
    ).json();
    const before = await view(instanceId);
    // Resumed Fri 17 April: 15, 16, 17 given back, plus 2 days of extension.
    bed.t.clock.now = tenAm('2026-04-17');
    const [a, b, c] = await Promise.all([
      officer.client.post(`/api/v1/tasks/${reviewId}/resume`),
      colleague.client.post(`/api/v1/tasks/${reviewId}/resume`),
      head.client.post(`/api/v1/workflow/extensions/${ext.id}/approve`, {}),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    assert.equal([a, b].find((r) => r.statusCode === 409)?.json().error.code, 'WORKFLOW_CLOCK_NOT_PAUSED');
    assert.equal(c.statusCode, 200, c.body);
    const v = await view(instanceId);
    // Promised: Mon 20 April (5 working days after 13 April), + 5 → Mon 27 April.
    assert.equal(before.dueAt, endOf('2026-04-20'));
    assert.equal(v.dueAt, endOf('2026-04-27'));
    // Statutory: Mon 27 April, + 5: 28, 29, 30 April, then 1–5 May off (Labour Day), Wed 6, Thu 7 May.
    assert.equal(v.statutoryDueAt, endOf('2026-05-07'));
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM workflow_pauses WHERE instance_id = ${instanceId} AND ended_at IS NOT NULL`.execute(
      db(),
    );
    assert.equal(rows[0]?.n, 1);
  });

  test('an approval racing a resume never decides on a stopped clock', async () => {
    const { instanceId, reviewId } = await caseAtReview('2026-06-01');
    assert.equal((await officer.client.post(`/api/v1/tasks/${reviewId}/claim`)).statusCode, 200);
    bed.t.clock.now = tenAm('2026-06-02');
    await officer.client.post(`/api/v1/tasks/${reviewId}/pause`, { kind: 'hearing', reason: '听证' });
    bed.t.clock.now = tenAm('2026-06-03');
    const [approve, resume] = await Promise.all([
      officer.client.post(`/api/v1/tasks/${reviewId}/complete`, { outcome: 'approve' }),
      colleague.client.post(`/api/v1/tasks/${reviewId}/resume`),
    ]);
    assert.equal(resume.statusCode, 200, resume.body);
    const v = await view(instanceId);
    const review = v.steps.find((s) => s.taskId === reviewId)!;
    if (approve.statusCode === 200) {
      assert.equal(review.status, 'completed', 'approved after the resume');
    } else {
      assert.equal(approve.json().error.code, 'WORKFLOW_CLOCK_PAUSED');
      assert.equal(review.status, 'claimed');
    }
    assert.equal(v.clock.pause, null);
  });
});
