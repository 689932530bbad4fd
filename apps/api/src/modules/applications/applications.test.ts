import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { verifyAuditChain } from '../audit/index.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { nextCaseSequence } from './applications.repository.ts';
import {
  demoApp,
  demoCitizen,
  demoEnterprise,
  hpfForm,
  newCitizen,
  PDF,
  PNG,
  readyHpfDraft,
  signIn,
  upload,
} from './applications.testkit.ts';

const UPLOAD_MAX = 64 * 1024;

describe('applications over HTTP', () => {
  let t: TestApp;
  let citizen: TestClient;
  before(async () => {
    t = await demoApp({ uploadMaxBytes: UPLOAD_MAX });
    citizen = await demoCitizen(t.app);
  });
  after(async () => t.close());

  const db = () => t.app.platform.db;
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(db())).rows[0]?.n ?? 0);
  const auditActions = async (subjectId: string) =>
    (
      await sql<{
        action: string;
      }>`SELECT action FROM audit_entries WHERE subject_id = ${subjectId} ORDER BY id`.execute(db())
    ).rows.map((r) => r.action);
  /** Delivers the outbox events (the worker does not run in tests). */
  const deliver = () => t.app.platform.outbox.drain();
  const complete = async (officer: TestClient, caseId: string, outcome: string, note?: string) => {
    const view = await officer.get(`/api/v1/cases/${caseId}`);
    assert.equal(view.statusCode, 200, view.body);
    const task = view.json().openTask;
    assert.ok(task, 'the officer has an open task on the case');
    const res = await officer.post(`/api/v1/tasks/${task.taskId}/complete`, {
      outcome,
      ...(note ? { note } : {}),
    });
    assert.equal(res.statusCode, 200, res.body);
    await deliver();
  };

  test('a draft is saved and resumed with its answers', async () => {
    const created = await citizen.post('/api/v1/applications', { serviceId: 'HPF-WD' });
    assert.equal(created.statusCode, 201);
    const draft = created.json();
    assert.equal(draft.status, 'draft');
    assert.equal(draft.caseNumber, null);
    assert.deepEqual(draft.formData, {});
    assert.deepEqual(
      draft.checklist.map((c: { code: string; provided: boolean }) => [c.code, c.provided]),
      [
        ['id_card', false],
        ['reason_proof', false],
        ['bank_card', false],
      ],
    );

    const partial = { applicant: { name: '张明' } };
    const saved = await citizen.put(`/api/v1/applications/${draft.id}/form`, { formData: partial });
    assert.equal(saved.statusCode, 200);
    const resumed = await citizen.get(`/api/v1/applications/${draft.id}`);
    assert.deepEqual(resumed.json().formData, partial);
    assert.equal(resumed.json().timeline[0].kind, 'created');

    const mine = await citizen.get('/api/v1/applications?status=draft');
    assert.ok(mine.json().items.some((a: { id: string }) => a.id === draft.id));
    // Answers are stored encrypted: the ID number never appears in the table in clear.
    await citizen.put(`/api/v1/applications/${draft.id}/form`, { formData: hpfForm(DEMO_CITIZEN_ID) });
    const clear = await count(
      sql<{
        n: number;
      }>`SELECT count(*) AS n FROM applications_applications WHERE form_data_enc LIKE ${`%${DEMO_CITIZEN_ID}%`}`,
    );
    assert.equal(clear, 0);
  });

  test('materials upload to their checklist entry; bad uploads are refused with a code and store nothing', async () => {
    const id = (await citizen.post('/api/v1/applications', { serviceId: 'HPF-WD' })).json().id;
    const ok = await upload(citizen, id, 'id_card', { name: '身份证.pdf', bytes: PDF });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().materialCode, 'id_card');
    assert.equal(ok.json().fileName, '身份证.pdf');
    assert.equal(ok.json().mimeType, 'application/pdf');
    assert.match(ok.json().sha256, /^[0-9a-f]{64}$/);

    const big = Buffer.concat([PDF, Buffer.alloc(UPLOAD_MAX + 1, 0x20)]);
    const tooBig = await upload(citizen, id, 'reason_proof', { name: 'big.pdf', bytes: big });
    assert.equal(tooBig.statusCode, 413);
    assert.equal(tooBig.json().error.code, 'FILE_TOO_LARGE');

    const mislabelled = await upload(citizen, id, 'reason_proof', { name: 'contract.pdf', bytes: PNG });
    assert.equal(mislabelled.statusCode, 415);
    assert.equal(mislabelled.json().error.code, 'FILE_TYPE_MISMATCH');

    const unknown = await upload(citizen, id, 'no_such_material');
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.code, 'APPLICATION_MATERIAL_UNKNOWN');

    const { multipartBody } = await import('../../testing/harness.ts');
    const noCode = multipartBody({}, { field: 'file', name: 'a.pdf', type: 'application/pdf', bytes: PDF });
    const missing = await citizen.post(
      `/api/v1/applications/${id}/materials`,
      noCode.payload,
      noCode.headers,
    );
    assert.equal(missing.json().error.code, 'APPLICATION_UPLOAD_INVALID');

    const json = await citizen.post(`/api/v1/applications/${id}/materials`, { materialCode: 'id_card' });
    assert.equal(json.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');

    const view = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(view.materials.length, 1);
    assert.equal(view.checklist.find((c: { code: string }) => c.code === 'id_card').provided, true);

    const removed = await citizen.delete(`/api/v1/applications/${id}/materials/${ok.json().id}`);
    assert.equal(removed.statusCode, 204);
    assert.equal((await citizen.get(`/api/v1/applications/${id}`)).json().materials.length, 0);
    assert.deepEqual(await auditActions(id), [
      'application.create',
      'application.material.upload',
      'application.material.delete',
    ]);
  });

  test('submitting incomplete answers lists every field error at once and consumes nothing', async () => {
    const id = (
      await citizen.post('/api/v1/applications', {
        serviceId: 'HPF-WD',
        formData: { applicant: { name: '', idNumber: '110105199003071235', phone: '12' }, withdrawal: {} },
      })
    ).json().id;
    for (const code of ['id_card', 'reason_proof']) await upload(citizen, id, code);
    const res = await citizen.post(`/api/v1/applications/${id}/submit`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'VALIDATION_FAILED');
    const pointers = res.json().error.details.map((d: { pointer: string }) => d.pointer);
    for (const p of ['/applicant/name', '/applicant/idNumber', '/applicant/phone', '/withdrawal/amountFen']) {
      assert.ok(pointers.includes(p), `${p} reported in ${pointers}`);
    }
    const after = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(after.status, 'draft');
    assert.equal(after.caseNumber, null);
    assert.equal(
      await count(
        sql<{ n: number }>`SELECT count(*) AS n FROM pg_sequences
          WHERE sequencename LIKE 'applications_case_seq_%' AND last_value IS NOT NULL`,
      ),
      0,
    );
    assert.equal(
      await count(
        sql<{ n: number }>`SELECT count(*) AS n FROM platform_outbox WHERE type = 'application.submitted'`,
      ),
      0,
    );
  });

  test('submitting without the critical materials lists them; a missing non-critical one does not block', async () => {
    const id = (
      await citizen.post('/api/v1/applications', { serviceId: 'HPF-WD', formData: hpfForm(DEMO_CITIZEN_ID) })
    ).json().id;
    await upload(citizen, id, 'bank_card');
    const res = await citizen.post(`/api/v1/applications/${id}/submit`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'MATERIALS_MISSING');
    assert.deepEqual(
      res.json().error.details.map((d: { code: string }) => d.code),
      ['id_card', 'reason_proof'],
    );
    assert.equal((await citizen.get(`/api/v1/applications/${id}`)).json().status, 'draft');
  });

  test('submit assigns a case number, starts the workflow and writes the audit entry and the outbox event', async () => {
    const id = await readyHpfDraft(citizen, DEMO_CITIZEN_ID);
    const res = await citizen.post(
      `/api/v1/applications/${id}/submit`,
      {},
      { 'idempotency-key': `submit-${id}` },
    );
    assert.equal(res.statusCode, 200, res.body);
    const app = res.json();
    assert.equal(app.status, 'submitted');
    assert.match(app.caseNumber, /^339000-\d{4}-000001$/);
    assert.ok(app.submittedAt);
    assert.ok(app.dueAt, 'the promised completion date is known');
    assert.ok(app.progress.total > 0);
    const acceptance = app.timeline.find((e: { kind: string; status: string }) => e.kind === 'step');
    assert.equal(acceptance.status, 'open');
    assert.equal(acceptance.departmentNameEn, 'Housing Provident Fund Centre');
    assert.deepEqual(
      app.timeline.map((e: { kind: string }) => e.kind),
      // The withdrawal rules refer this claim (above the instant limit) to officers.
      ['created', 'submitted', 'automated', 'step'],
    );
    const events = await sql<{ payload: { caseNumber: string; formData: unknown } }>`
      SELECT payload FROM platform_outbox WHERE type = 'application.submitted'`.execute(db());
    assert.equal(events.rows.length >= 1, true);
    assert.equal(events.rows[0]?.payload.caseNumber, app.caseNumber);
    assert.ok((await auditActions(id)).includes('application.submit'));

    // A replay of the same request gets the first answer and changes nothing.
    const replay = await citizen.post(
      `/api/v1/applications/${id}/submit`,
      {},
      { 'idempotency-key': `submit-${id}` },
    );
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.json(), app);
    // Without a key, a second submit is refused and nothing changes.
    const again = await citizen.post(`/api/v1/applications/${id}/submit`);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'APPLICATION_NOT_DRAFT');
    const now = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(now.caseNumber, app.caseNumber);
    assert.equal(now.updatedAt, app.updatedAt);
    const numbersGiven = await sql<{
      last_value: number;
    }>`SELECT last_value FROM pg_sequences WHERE sequencename LIKE 'applications_case_seq_339000_%'`.execute(
      db(),
    );
    assert.deepEqual(numbersGiven.rows, [{ last_value: 1 }]);
    const chain = await verifyAuditChain(db());
    assert.equal(chain.ok, true);
    assert.equal(chain.firstBrokenSeq, null);
  });

  test('the first numbers of a new region and year are drawn without a race; a rolled-back draw leaves a gap', async () => {
    let firstMayCommit!: () => void;
    const gate = new Promise<void>((r) => {
      firstMayCommit = r;
    });
    let drawn!: (n: number) => void;
    const firstNumber = new Promise<number>((r) => {
      drawn = r;
    });
    // The first draw creates the region-year's sequence inside a transaction that stays open.
    const first = db()
      .transaction()
      .execute(async (tx) => {
        drawn(await nextCaseSequence(tx, '339003', 2040));
        await gate;
      });
    assert.equal(await firstNumber, 1);
    const second = db()
      .transaction()
      .execute((tx) => nextCaseSequence(tx, '339003', 2040));
    firstMayCommit();
    await first;
    assert.equal(await second, 2);
    await assert.rejects(
      db()
        .transaction()
        .execute(async (tx) => {
          assert.equal(await nextCaseSequence(tx, '339003', 2040), 3);
          throw new Error('submission failed after its number was drawn');
        }),
      /after its number/,
    );
    assert.equal(
      await db()
        .transaction()
        .execute((tx) => nextCaseSequence(tx, '339003', 2040)),
      4,
    );
    assert.equal(
      await db()
        .transaction()
        .execute((tx) => nextCaseSequence(tx, '339003', 2041)),
      1,
    );
  });

  test('two submits of one draft at once: exactly one wins; parallel drafts get distinct consecutive numbers', async () => {
    const id = await readyHpfDraft(citizen, DEMO_CITIZEN_ID);
    const both = await Promise.all([
      citizen.post(`/api/v1/applications/${id}/submit`),
      citizen.post(`/api/v1/applications/${id}/submit`),
    ]);
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, 409]);
    const instances = await count(
      sql<{
        n: number;
      }>`SELECT count(DISTINCT payload) AS n FROM platform_outbox WHERE type = 'application.submitted' AND payload->>'caseId' = ${id}`,
    );
    assert.equal(instances, 1);

    const ids = await Promise.all([1, 2, 3, 4].map(() => readyHpfDraft(citizen, DEMO_CITIZEN_ID)));
    const numbers = (await Promise.all(ids.map((d) => citizen.post(`/api/v1/applications/${d}/submit`)))).map(
      (r) => r.json().caseNumber as string,
    );
    const sequences = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
    assert.equal(new Set(numbers).size, 4);
    assert.deepEqual(
      sequences,
      [0, 1, 2, 3].map((i) => (sequences[0] as number) + i),
    );
  });

  test('the same Idempotency-Key on a different request is refused', async () => {
    const key = 'create-key-0001';
    const first = await citizen.post(
      '/api/v1/applications',
      { serviceId: 'HPF-WD' },
      { 'idempotency-key': key },
    );
    assert.equal(first.statusCode, 201);
    const replay = await citizen.post(
      '/api/v1/applications',
      { serviceId: 'HPF-WD' },
      { 'idempotency-key': key },
    );
    assert.equal(replay.json().id, first.json().id);
    const other = await citizen.post(
      '/api/v1/applications',
      { serviceId: 'MIB-REG' },
      { 'idempotency-key': key },
    );
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  test('bad input gets a coded error and writes nothing', async () => {
    const before = await count(sql<{ n: number }>`SELECT count(*) AS n FROM applications_applications`);
    const malformed = await citizen.request('POST', '/api/v1/applications', '{"serviceId": ', {
      'content-type': 'application/json',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'MALFORMED_JSON');
    const unknownField = await citizen.post('/api/v1/applications', { serviceId: 'HPF-WD', extra: 1 });
    assert.equal(unknownField.json().error.code, 'VALIDATION_FAILED');
    assert.equal(unknownField.json().error.details[0].pointer, '/extra');
    const wrongType = await citizen.post('/api/v1/applications', { serviceId: 42 });
    assert.equal(wrongType.json().error.code, 'VALIDATION_FAILED');
    assert.equal(wrongType.json().error.details[0].pointer, '/serviceId');
    const notAnObject = await citizen.post('/api/v1/applications', { serviceId: 'HPF-WD', formData: 'x' });
    assert.equal(notAnObject.json().error.code, 'VALIDATION_FAILED');
    const noService = await citizen.post('/api/v1/applications', { serviceId: 'NOPE-1' });
    assert.equal(noService.statusCode, 404);
    assert.equal(noService.json().error.code, 'SERVICE_NOT_FOUND');
    const badId = await citizen.get('/api/v1/applications/not-a-uuid');
    assert.equal(badId.json().error.code, 'VALIDATION_FAILED');
    const badWithdraw = await citizen.post(`/api/v1/applications/${crypto.randomUUID()}/withdraw`, {
      reason: '',
    });
    assert.equal(badWithdraw.json().error.code, 'VALIDATION_FAILED');
    assert.equal(
      await count(sql<{ n: number }>`SELECT count(*) AS n FROM applications_applications`),
      before,
    );
  });

  test("an enterprise cannot apply for a citizen's service, nor staff at all", async () => {
    const enterprise = await demoEnterprise(t.app);
    const res = await enterprise.post('/api/v1/applications', { serviceId: 'HPF-WD' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'APPLICATION_AUDIENCE_MISMATCH');
    const staff = await signIn(t.app, 'hpf.window');
    assert.equal((await staff.post('/api/v1/applications', { serviceId: 'HPF-WD' })).statusCode, 403);
  });

  test("someone else's application does not exist for them", async () => {
    const id = await readyHpfDraft(citizen, DEMO_CITIZEN_ID);
    const other = (await newCitizen(t.app, 1)).client;
    const material = (await citizen.get(`/api/v1/applications/${id}`)).json().materials[0].id;
    const attempts = [
      await other.get(`/api/v1/applications/${id}`),
      await other.put(`/api/v1/applications/${id}/form`, { formData: {} }),
      await upload(other, id, 'id_card'),
      await other.delete(`/api/v1/applications/${id}/materials/${material}`),
      await other.post(`/api/v1/applications/${id}/submit`),
      await other.post(`/api/v1/applications/${id}/withdraw`, { reason: 'x' }),
      await other.post(`/api/v1/applications/${id}/resubmit`, { formData: {} }),
    ];
    for (const res of attempts) {
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'APPLICATION_NOT_FOUND');
    }
    assert.equal((await other.get('/api/v1/applications')).json().items.length, 0);
    assert.equal((await citizen.get(`/api/v1/applications/${id}`)).json().status, 'draft');
  });

  test('officers see the case masked or in full by role; reads and downloads are audited', async () => {
    const id = await readyHpfDraft(citizen, DEMO_CITIZEN_ID);
    await citizen.post(`/api/v1/applications/${id}/submit`);
    const window = await signIn(t.app, 'hpf.window');
    const full = await window.get(`/api/v1/cases/${id}`);
    assert.equal(full.statusCode, 200, full.body);
    assert.equal(full.json().masked, false);
    assert.equal(full.json().formData.applicant.idNumber, DEMO_CITIZEN_ID);
    assert.equal(full.json().openTask.role, 'window');

    const head = await signIn(t.app, 'hpf.head');
    const masked = (await head.get(`/api/v1/cases/${id}`)).json();
    assert.equal(masked.masked, true);
    assert.equal(
      masked.formData.applicant.idNumber,
      `${DEMO_CITIZEN_ID.slice(0, 6)}********${DEMO_CITIZEN_ID.slice(14)}`,
    );
    assert.equal(masked.formData.applicant.phone, '138****8000');
    assert.notEqual(masked.formData.withdrawal.bankAccount, '6222020200112233445');
    assert.equal(masked.openTask, null);

    const outsider = await signIn(t.app, 'psb.officer');
    assert.equal((await outsider.get(`/api/v1/cases/${id}`)).statusCode, 404);

    const materialId = full.json().materials[0].id;
    const file = await window.get(`/api/v1/cases/${id}/materials/${materialId}/file`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.deepEqual(file.rawPayload, PDF);
    assert.equal((await outsider.get(`/api/v1/cases/${id}/materials/${materialId}/file`)).statusCode, 404);

    const reads = await sql<{
      actor_id: string;
      action: string;
      personal_data: boolean;
      details: { masked?: boolean };
    }>`
      SELECT actor_id, action, personal_data, details FROM audit_entries
      WHERE subject_id = ${id} AND action LIKE 'case.%' ORDER BY id`.execute(db());
    assert.deepEqual(
      reads.rows.map((r) => [r.action, r.personal_data, r.details.masked ?? null]),
      [
        ['case.read', true, false],
        ['case.read', true, true],
        ['case.material.download', true, null],
      ],
    );
  });

  test('the status follows the workflow; a return for supplement shows the note and the case can be resubmitted', async () => {
    const id = await readyHpfDraft(citizen, DEMO_CITIZEN_ID);
    await citizen.post(`/api/v1/applications/${id}/submit`);
    const window = await signIn(t.app, 'hpf.window');
    const officer = await signIn(t.app, 'hpf.officer');
    const head = await signIn(t.app, 'hpf.head');

    await complete(window, id, 'approve');
    assert.equal((await citizen.get(`/api/v1/applications/${id}`)).json().status, 'accepted');

    await complete(officer, id, 'return', '请补充租房合同首页');
    const returned = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(returned.status, 'returned');
    assert.equal(returned.supplement.note, '请补充租房合同首页');
    assert.equal(returned.supplement.departmentNameZh, '住房公积金管理中心');
    // The redelivery of an event already applied changes nothing.
    await sql`UPDATE platform_outbox SET status = 'pending' WHERE handler = 'applications.followTask'`.execute(
      db(),
    );
    await deliver();
    assert.equal((await citizen.get(`/api/v1/applications/${id}`)).json().status, 'returned');

    const badResubmit = await citizen.post(`/api/v1/applications/${id}/resubmit`, {
      formData: { applicant: {} },
    });
    assert.equal(badResubmit.json().error.code, 'VALIDATION_FAILED');
    assert.equal(await (await upload(citizen, id, 'reason_proof')).statusCode, 201);
    const form = hpfForm(DEMO_CITIZEN_ID);
    form.withdrawal.amountFen = 900_000;
    const resubmitted = await citizen.post(`/api/v1/applications/${id}/resubmit`, { formData: form });
    assert.equal(resubmitted.statusCode, 200, resubmitted.body);
    assert.equal(resubmitted.json().status, 'in_review');
    assert.equal(resubmitted.json().supplement, null);
    assert.equal(resubmitted.json().formData.withdrawal.amountFen, 900_000);
    const again = await citizen.post(`/api/v1/applications/${id}/resubmit`, { formData: form });
    assert.equal(again.json().error.code, 'APPLICATION_NOT_RETURNED');

    await complete(officer, id, 'approve');
    assert.equal((await citizen.get(`/api/v1/applications/${id}`)).json().status, 'in_review');
    await complete(head, id, 'approve');
    const done = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(done.status, 'approved');
    assert.ok(done.decidedAt);
    assert.equal(done.progress.percent, 100);
    const kinds = done.timeline.map((e: { kind: string }) => e.kind);
    assert.deepEqual(kinds, [
      'created',
      'submitted',
      'automated',
      'step',
      'step',
      'clock_paused',
      'resubmitted',
      'clock_resumed',
      'step',
      'step',
      'decided',
    ]);
    const returnedStep = done.timeline.find((e: { outcome: string | null }) => e.outcome === 'return');
    assert.equal(returnedStep.note, '请补充租房合同首页');
    assert.ok(returnedStep.actorName);

    const withdraw = await citizen.post(`/api/v1/applications/${id}/withdraw`, { reason: '不需要了' });
    assert.equal(withdraw.statusCode, 409);
    assert.equal(withdraw.json().error.code, 'APPLICATION_NOT_WITHDRAWABLE');
    const actions = await auditActions(id);
    assert.ok(actions.includes('application.resubmit'));
    // accepted, returned and approved came from the workflow; the resubmission is the applicant's own.
    assert.equal(actions.filter((a) => a === 'application.status').length, 3);
  });

  test('withdrawing ends the workflow; the case can no longer be worked on', async () => {
    const id = await readyHpfDraft(citizen, DEMO_CITIZEN_ID);
    await citizen.post(`/api/v1/applications/${id}/submit`);
    const window = await signIn(t.app, 'hpf.window');
    const taskId = (await window.get(`/api/v1/cases/${id}`)).json().openTask.taskId;

    const res = await citizen.post(`/api/v1/applications/${id}/withdraw`, {
      reason: '信息填写有误，重新申请',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'withdrawn');
    assert.equal(res.json().withdrawReason, '信息填写有误，重新申请');
    const last = res.json().timeline.at(-1);
    assert.equal(last.kind, 'withdrawn');
    assert.equal(res.json().timeline.find((e: { kind: string }) => e.kind === 'step').status, 'cancelled');

    const late = await window.post(`/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' });
    assert.notEqual(late.statusCode, 200);
    assert.equal((await window.get(`/api/v1/cases/${id}`)).json().openTask, null);
    const twice = await citizen.post(`/api/v1/applications/${id}/withdraw`, { reason: 'again' });
    assert.equal(twice.json().error.code, 'APPLICATION_NOT_WITHDRAWABLE');
    assert.ok((await auditActions(id)).includes('application.withdraw'));
  });

  test('my applications page newest first with a cursor', async () => {
    const { client } = await newCitizen(t.app, 2);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await client.post('/api/v1/applications', { serviceId: 'MIB-REG' })).json().id);
    const first = (await client.get('/api/v1/applications?limit=2')).json();
    assert.deepEqual(
      first.items.map((a: { id: string }) => a.id),
      [ids[2], ids[1]],
    );
    const second = (await client.get(`/api/v1/applications?limit=2&cursor=${first.nextCursor}`)).json();
    assert.deepEqual(
      second.items.map((a: { id: string }) => a.id),
      [ids[0]],
    );
    assert.equal(second.nextCursor, null);
  });
});
