import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { companySetupData, newbornData } from '../../testing/bundles.ts';
import { demoApp, demoCitizen, demoEnterprise, PDF, PNG, signIn } from '../../testing/demo.ts';
import { multipartBody, type TestApp, type TestClient } from '../../testing/harness.ts';

interface Child {
  caseId: string;
  caseNumber: string | null;
  service: { code: string };
  required: boolean;
  departmentCode: string;
  status: string;
  last: { kind: string } | null;
}

const NEWBORN_ITEMS = ['HC-BMC', 'PSB-NB', 'MIB-NB'];
const COMPANY_ITEMS = ['SAMR-BL', 'TAX-REG', 'HRSS-SSA'];

describe('bundle applications (一件事一次办) over HTTP', () => {
  let t: TestApp;
  let citizen: TestClient;
  let enterprise: TestClient;
  const officers = new Map<string, TestClient>();
  const db = () => t.app.platform.db;
  /**
   * Delivers the outbox events (the worker does not run in tests) until none is left: a case's
   * status event is itself written by the handler of a workflow event.
   */
  const deliver = async () => {
    while ((await t.app.platform.outbox.drain()) > 0);
  };
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(db())).rows[0]?.n ?? 0);

  before(async () => {
    t = await demoApp();
    citizen = await demoCitizen(t.app);
    enterprise = await demoEnterprise(t.app);
  });
  after(async () => t.close());

  async function officer(login: string): Promise<TestClient> {
    let c = officers.get(login);
    if (!c) {
      c = await signIn(t.app, login);
      officers.set(login, c);
    }
    return c;
  }

  function upload(c: TestClient, id: string, materialCode: string, bytes = PDF, name = 'scan.pdf') {
    const { payload, headers } = multipartBody(
      { materialCode },
      { field: 'file', name, type: name.endsWith('.png') ? 'image/png' : 'application/pdf', bytes },
    );
    return c.post(`/api/v1/bundle-cases/${id}/materials`, payload, headers);
  }

  async function draft(
    c: TestClient,
    bundleCode: string,
    items: string[],
    formData: Record<string, unknown>,
  ) {
    const res = await c.post('/api/v1/bundle-cases', { bundleCode, items, formData });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  }

  async function readyNewborn(items = NEWBORN_ITEMS): Promise<string> {
    const id = await draft(citizen, 'newborn', items, newbornData(items));
    assert.equal((await upload(citizen, id, 'parents_id')).statusCode, 201);
    assert.equal((await upload(citizen, id, 'hukou_book', PNG, 'hukou.png')).statusCode, 201);
    return id;
  }

  async function readyCompany(items = COMPANY_ITEMS): Promise<string> {
    const id = await draft(enterprise, 'company-setup', items, companySetupData(items));
    for (const code of ['application_form', 'articles', 'shareholder_ids', 'legal_rep_id']) {
      assert.equal((await upload(enterprise, id, code)).statusCode, 201, code);
    }
    return id;
  }

  async function submit(c: TestClient, id: string) {
    const res = await c.post(`/api/v1/bundle-cases/${id}/submit`);
    assert.equal(res.statusCode, 200, res.body);
    await deliver();
    return res.json();
  }

  const view = async (c: TestClient, id: string) => {
    const res = await c.get(`/api/v1/bundle-cases/${id}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const childOf = (v: { children: Child[] }, code: string) =>
    v.children.find((c) => c.service.code === code)!;

  /** The officer with `login` completes their open task on the case. */
  async function complete(
    login: string,
    caseId: string,
    outcome: 'approve' | 'reject' | 'return',
    note?: string,
  ) {
    const o = await officer(login);
    const inbox = await o.get('/api/v1/tasks?view=inbox&limit=100');
    assert.equal(inbox.statusCode, 200, inbox.body);
    const task = inbox.json().items.find((x: { caseId: string }) => x.caseId === caseId);
    assert.ok(task, `the case is in ${login}'s inbox`);
    const res = await o.post(`/api/v1/tasks/${task.id}/complete`, { outcome, ...(note ? { note } : {}) });
    assert.equal(res.statusCode, 200, res.body);
    await deliver();
  }

  /** Window acceptance, officer review and the head's decision of a simple-approval case. */
  async function approveAll(dept: string, caseId: string) {
    for (const post of ['window', 'officer', 'head']) await complete(`${dept}.${post}`, caseId, 'approve');
  }

  test('a draft merges the chosen items’ materials; items may change, required ones never', async () => {
    const id = await draft(citizen, 'newborn', NEWBORN_ITEMS, {});
    const v = await view(citizen, id);
    assert.equal(v.status, 'draft');
    assert.equal(v.bundleNumber, null);
    assert.deepEqual(
      v.items.map((i: { code: string; required: boolean }) => [i.code, i.required]),
      [
        ['HC-BMC', true],
        ['PSB-NB', true],
        ['MIB-NB', false],
      ],
    );
    const entry = (code: string) => v.checklist.find((c: { code: string }) => c.code === code);
    assert.deepEqual(entry('parents_id').items, NEWBORN_ITEMS);
    assert.equal(entry('parents_id').critical, true);
    assert.deepEqual([entry('hukou_book').items, entry('hukou_book').critical], [['PSB-NB', 'MIB-NB'], true]);
    assert.deepEqual(
      [entry('birth_certificate').issuedBy, entry('birth_certificate').required],
      ['HC-BMC', false],
      'the birth certificate comes from the Health Commission in the same bundle',
    );

    const fewer = await citizen.put(`/api/v1/bundle-cases/${id}/draft`, { items: ['HC-BMC', 'PSB-NB'] });
    assert.equal(fewer.statusCode, 200, fewer.body);
    assert.deepEqual(fewer.json().checklist.find((c: { code: string }) => c.code === 'hukou_book').items, [
      'PSB-NB',
    ]);
    const required = await citizen.put(`/api/v1/bundle-cases/${id}/draft`, { items: ['HC-BMC', 'MIB-NB'] });
    assert.equal(required.statusCode, 422);
    assert.equal(required.json().error.code, 'BUNDLE_ITEM_REQUIRED');
    assert.deepEqual((await view(citizen, id)).items.length, 2, 'the refused choice changed nothing');

    const unknown = await upload(citizen, id, 'bank_card');
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.code, 'BUNDLE_MATERIAL_UNKNOWN');
    const issued = await upload(citizen, id, 'birth_certificate');
    assert.equal(
      issued.json().error.code,
      'BUNDLE_MATERIAL_UNKNOWN',
      'nothing to upload for an issued document',
    );
    const up = await upload(citizen, id, 'parents_id');
    assert.equal(up.statusCode, 201, up.body);
    const removed = await citizen.delete(`/api/v1/bundle-cases/${id}/materials/${up.json().id}`);
    assert.equal(removed.statusCode, 204);
    assert.equal((await view(citizen, id)).materials.length, 0);
  });

  test('submit refuses bad answers and missing critical materials, every problem at once, writing nothing', async () => {
    const id = await draft(citizen, 'newborn', NEWBORN_ITEMS, {
      ...newbornData(),
      shared: { ...(newbornData().shared as object), phone: '12345', childName: undefined },
    });
    const bad = await citizen.post(`/api/v1/bundle-cases/${id}/submit`);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      bad.json().error.details.map((d: { pointer: string; code: string }) => [d.pointer, d.code]),
      [
        ['/shared/childName', 'required'],
        ['/shared/phone', 'cn-mobile'],
      ],
    );
    await citizen.put(`/api/v1/bundle-cases/${id}/draft`, { formData: newbornData() });
    const missing = await citizen.post(`/api/v1/bundle-cases/${id}/submit`);
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.code, 'MATERIALS_MISSING');
    assert.deepEqual(
      missing.json().error.details.map((d: { code: string; items: string[] }) => [d.code, d.items]),
      [
        ['parents_id', NEWBORN_ITEMS],
        ['hukou_book', ['PSB-NB', 'MIB-NB']],
      ],
    );
    const v = await view(citizen, id);
    assert.deepEqual([v.status, v.bundleNumber, v.children], ['draft', null, []]);
    assert.equal(
      await count(sql`SELECT count(*)::int AS n FROM applications_applications WHERE bundle_id = ${id}`),
      0,
    );
  });

  test('one submission: a bundle number and one case per item, each in its own department’s workflow', async () => {
    const id = await readyNewborn();
    const v = await submit(citizen, id);
    assert.equal(v.status, 'in_progress');
    assert.match(v.bundleNumber, /^339000-\d{4}-B\d{6}$/);
    assert.deepEqual(
      v.children.map((c: Child) => [c.service.code, c.departmentCode, c.required, c.status]),
      [
        ['HC-BMC', 'HC', true, 'submitted'],
        ['PSB-NB', 'PSB', true, 'submitted'],
        ['MIB-NB', 'MIB', false, 'submitted'],
      ],
    );
    const caseNumbers = v.children.map((c: Child) => c.caseNumber);
    assert.equal(new Set(caseNumbers).size, 3);
    for (const n of caseNumbers) assert.match(n, /^339000-\d{4}-\d{6}$/);
    assert.equal(v.children[0].current[0].stepNameEn, 'Window acceptance');
    assert.equal(v.children[0].current[0].departmentNameEn, 'Health Commission');
    assert.deepEqual(v.progress, { completed: 0, total: 3, percent: 0 });

    // Each case is the applicant's own, linked to the bundle, holding exactly its item's answers.
    const psb = childOf(v, 'PSB-NB');
    const own = (await citizen.get(`/api/v1/applications/${psb.caseId}`)).json();
    assert.deepEqual(own.bundle, { id, number: v.bundleNumber });
    assert.deepEqual(own.formData.household, {
      householdAddress: '东湖区明湖路1号',
      regionCode: '339001',
      householdHeadName: '张明',
      relationToHead: 'child',
    });
    assert.equal(own.formData.newborn.childName, '张小禾');
    // Materials uploaded once are bound to every case that asks for them (the same stored file).
    const codesOf = async (caseId: string) =>
      (await citizen.get(`/api/v1/applications/${caseId}`))
        .json()
        .materials.map((m: { materialCode: string }) => m.materialCode)
        .sort();
    assert.deepEqual(await codesOf(childOf(v, 'HC-BMC').caseId), ['parents_id']);
    assert.deepEqual(await codesOf(psb.caseId), ['hukou_book', 'parents_id']);
    assert.deepEqual(await codesOf(childOf(v, 'MIB-NB').caseId), ['hukou_book', 'parents_id']);

    // Each department's front desk has its own case, and only its own.
    const inboxOf = async (login: string) =>
      (
        (await (await officer(login)).get('/api/v1/tasks?view=inbox&limit=100')).json().items as {
          caseId: string;
        }[]
      ).map((x) => x.caseId);
    const ids = Object.fromEntries(v.children.map((c: Child) => [c.departmentCode, c.caseId]));
    assert.ok((await inboxOf('hc.window')).includes(ids.HC));
    assert.ok((await inboxOf('psb.window')).includes(ids.PSB));
    assert.ok((await inboxOf('mib.window')).includes(ids.MIB));
    assert.equal((await inboxOf('hc.window')).includes(ids.PSB), false);

    // The officer processing a case sees which bundle it belongs to.
    const seen = (await (await officer('psb.window')).get(`/api/v1/cases/${ids.PSB}`)).json();
    assert.equal(seen.bundle.number, v.bundleNumber);

    const audits = await sql<{ action: string }>`
      SELECT action FROM audit_entries WHERE subject_id = ${id}`.execute(db());
    assert.ok(audits.rows.some((r) => r.action === 'bundle.submit'));
    const listed = (await citizen.get('/api/v1/bundle-cases')).json().items;
    assert.equal(listed.find((b: { id: string }) => b.id === id).status, 'in_progress');
  });

  test('a repeated submit with the same Idempotency-Key answers the first answer and files nothing twice', async () => {
    const id = await readyNewborn(['HC-BMC', 'PSB-NB']);
    const key = '0190a0a0-1111-7000-8000-000000000001';
    const first = await citizen.post(`/api/v1/bundle-cases/${id}/submit`, {}, { 'idempotency-key': key });
    assert.equal(first.statusCode, 200, first.body);
    const again = await citizen.post(`/api/v1/bundle-cases/${id}/submit`, {}, { 'idempotency-key': key });
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().bundleNumber, first.json().bundleNumber);
    const plain = await citizen.post(`/api/v1/bundle-cases/${id}/submit`);
    assert.equal(plain.statusCode, 409);
    assert.equal(plain.json().error.code, 'BUNDLE_CASE_NOT_DRAFT');
    assert.equal(
      await count(sql`SELECT count(*)::int AS n FROM applications_applications WHERE bundle_id = ${id}`),
      2,
    );
  });

  test('when one department’s case cannot be filed, nothing of the bundle is written', async () => {
    const id = await readyCompany();
    const before = {
      cases: await count(sql`SELECT count(*)::int AS n FROM applications_applications`),
      instances: await count(sql`SELECT count(*)::int AS n FROM workflow_instances`),
      tasks: await count(sql`SELECT count(*)::int AS n FROM workflow_tasks`),
      events: await count(sql`SELECT count(*)::int AS n FROM platform_outbox`),
    };
    // The third item (social insurance) names a process nobody deployed: its filing fails last.
    await sql`UPDATE catalogue_items SET process_key = 'no-such-process' WHERE code = 'HRSS-SSA'`.execute(
      db(),
    );
    try {
      const res = await enterprise.post(`/api/v1/bundle-cases/${id}/submit`);
      assert.equal(res.statusCode >= 400, true, res.body);
      assert.equal(res.json().error.code, 'WORKFLOW_DEFINITION_NOT_FOUND');
    } finally {
      await sql`UPDATE catalogue_items SET process_key = 'simple-approval' WHERE code = 'HRSS-SSA'`.execute(
        db(),
      );
    }
    assert.deepEqual(
      {
        cases: await count(sql`SELECT count(*)::int AS n FROM applications_applications`),
        instances: await count(sql`SELECT count(*)::int AS n FROM workflow_instances`),
        tasks: await count(sql`SELECT count(*)::int AS n FROM workflow_tasks`),
        events: await count(sql`SELECT count(*)::int AS n FROM platform_outbox`),
      },
      before,
    );
    const v = await view(enterprise, id);
    assert.deepEqual([v.status, v.bundleNumber, v.children], ['draft', null, []]);
    // With the item fixed, the same draft goes through.
    assert.equal((await submit(enterprise, id)).children.length, 3);
  });

  test('one department rejects: the others carry on, the bundle shows the partial result and what to do', async () => {
    const id = await readyCompany();
    const v = await submit(enterprise, id);
    const samr = childOf(v, 'SAMR-BL').caseId;
    const tax = childOf(v, 'TAX-REG').caseId;
    const hrss = childOf(v, 'HRSS-SSA').caseId;
    await approveAll('samr', samr);
    await complete('tax.window', tax, 'approve');
    const reason = '经营范围含需前置审批的项目，请取得许可后单独重新申请税务登记';
    await complete('tax.officer', tax, 'reject', reason);

    const midway = await view(enterprise, id);
    assert.equal(midway.status, 'in_progress', 'social insurance is still being processed');
    assert.deepEqual(
      midway.children.map((c: Child) => [c.service.code, c.status]),
      [
        ['SAMR-BL', 'approved'],
        ['TAX-REG', 'rejected'],
        ['HRSS-SSA', 'submitted'],
      ],
    );
    assert.deepEqual(midway.nextSteps, [
      {
        kind: 'apply_again',
        caseId: tax,
        service: midway.children[1].service,
        required: true,
        reason,
        departmentNameZh: '税务局',
        departmentNameEn: 'Tax Bureau',
      },
    ]);

    await approveAll('hrss', hrss);
    const done = await view(enterprise, id);
    assert.equal(done.status, 'partially_completed');
    assert.ok(done.finishedAt);
    assert.deepEqual(done.progress, { completed: 3, total: 3, percent: 100 });
    assert.equal(done.nextSteps.length, 1);
    assert.equal(childOf(done, 'SAMR-BL').last?.kind, 'decided');
    // "Apply again for that item alone": a plain application of the refused item.
    const again = await enterprise.post('/api/v1/applications', { serviceId: 'TAX-REG' });
    assert.equal(again.statusCode, 201, again.body);

    const moves = await sql<{ details: { from: string; to: string } }>`
      SELECT details FROM audit_entries WHERE subject_id = ${id} AND action = 'bundle.status'`.execute(db());
    assert.deepEqual(
      moves.rows.map((r) => [r.details.from, r.details.to]),
      [['in_progress', 'partially_completed']],
    );
    // Redelivered events change nothing: the bundle reads its cases again and finds the same.
    await sql`UPDATE platform_outbox SET status = 'pending', available_at = now()
              WHERE handler LIKE 'bundles.%'`.execute(db());
    await deliver();
    assert.equal((await view(enterprise, id)).status, 'partially_completed');
  });

  test('every required case approved completes the bundle; a refused optional one does not hold it back', async () => {
    const id = await readyNewborn();
    const v = await submit(citizen, id);
    await approveAll('hc', childOf(v, 'HC-BMC').caseId);
    await approveAll('psb', childOf(v, 'PSB-NB').caseId);
    const done = await view(citizen, id);
    assert.equal(done.status, 'completed');
    assert.ok(done.finishedAt);
    assert.equal(childOf(done, 'MIB-NB').status, 'submitted', 'the optional case carries on');
    await complete('mib.window', childOf(v, 'MIB-NB').caseId, 'reject', '参保地不在本市');
    const after = await view(citizen, id);
    assert.equal(after.status, 'completed');
    assert.deepEqual(
      after.nextSteps.map((s: { kind: string; required: boolean; reason: string }) => [
        s.kind,
        s.required,
        s.reason,
      ]),
      [['apply_again', false, '参保地不在本市']],
    );
  });

  test('a returned case asks for a supplement in the bundle’s next steps', async () => {
    const id = await readyNewborn(['HC-BMC', 'PSB-NB']);
    const v = await submit(citizen, id);
    await complete('psb.window', childOf(v, 'PSB-NB').caseId, 'return', '请补充户主同意落户的书面意见');
    const now = await view(citizen, id);
    assert.equal(now.status, 'in_progress');
    assert.deepEqual(
      now.nextSteps.map((s: { kind: string; reason: string }) => [s.kind, s.reason]),
      [['supplement', '请补充户主同意落户的书面意见']],
    );
  });

  test('withdrawing the bundle withdraws its open cases in one go; decided ones stay decided', async () => {
    const id = await readyNewborn();
    const v = await submit(citizen, id);
    await approveAll('hc', childOf(v, 'HC-BMC').caseId);
    const res = await citizen.post(`/api/v1/bundle-cases/${id}/withdraw`, { reason: '改为线下办理' });
    assert.equal(res.statusCode, 200, res.body);
    const w = res.json();
    assert.deepEqual(
      w.children.map((c: Child) => [c.service.code, c.status]),
      [
        ['HC-BMC', 'approved'],
        ['PSB-NB', 'withdrawn'],
        ['MIB-NB', 'withdrawn'],
      ],
    );
    assert.equal(w.status, 'partially_completed', 'the birth certificate was issued all the same');
    assert.equal(w.withdrawReason, '改为线下办理');
    assert.deepEqual(w.nextSteps, [], 'nothing to re-apply for: the applicant withdrew');
    const psbInbox = (await (await officer('psb.window')).get('/api/v1/tasks?view=inbox&limit=100')).json();
    assert.equal(
      psbInbox.items.some((x: { caseId: string }) => x.caseId === childOf(v, 'PSB-NB').caseId),
      false,
      'the withdrawn case left the department’s inbox',
    );
    await deliver();
    assert.equal((await view(citizen, id)).status, 'partially_completed');
    const again = await citizen.post(`/api/v1/bundle-cases/${id}/withdraw`, { reason: '再次撤回' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'BUNDLE_CASE_NOT_WITHDRAWABLE');

    const fresh = await readyNewborn(['HC-BMC', 'PSB-NB']);
    await submit(citizen, fresh);
    const all = (await citizen.post(`/api/v1/bundle-cases/${fresh}/withdraw`, { reason: '信息填错' })).json();
    assert.equal(all.status, 'withdrawn');
    const actions = await sql<{ action: string }>`
      SELECT action FROM audit_entries WHERE subject_id = ${fresh}`.execute(db());
    assert.ok(actions.rows.some((r) => r.action === 'bundle.withdraw'));

    const unsent = await draft(citizen, 'newborn', NEWBORN_ITEMS, {});
    const dropped = await citizen.post(`/api/v1/bundle-cases/${unsent}/withdraw`, { reason: '不办了' });
    assert.equal(dropped.json().status, 'withdrawn');
  });
});
