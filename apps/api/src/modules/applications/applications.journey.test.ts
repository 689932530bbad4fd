import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { creditCodeCheckChar } from '@tongban/contracts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { demoApp, signIn, upload } from './applications.testkit.ts';

/**
 * The core journey of issue 2 through HTTP only: an applicant signs up with their real identity,
 * finds the construction permit, fills its form (pre-filled from the profile), uploads the
 * critical materials, submits; the case is accepted by the HCD front desk, reviewed in parallel
 * by HCD and NRP officers, approved by the HCD head; the applicant sees `approved`, every node of
 * the timeline and a full progress bar. The construction permit is an enterprise service, so
 * the applicant here is an enterprise account (real-name: a GB 32100 credit code).
 */
describe('journey: construction permit across two departments', () => {
  let t: TestApp;
  before(async () => {
    t = await demoApp();
  });
  after(async () => t.close());

  const deliver = () => t.app.platform.outbox.drain();

  /** The officer's inbox task on this case (the workbench list the officer clicks in). */
  async function inboxTask(officer: TestClient, caseId: string) {
    const inbox = await officer.get('/api/v1/tasks?view=inbox&limit=100');
    assert.equal(inbox.statusCode, 200, inbox.body);
    const task = inbox.json().items.find((x: { caseId: string }) => x.caseId === caseId);
    assert.ok(task, 'the case is in the officer’s inbox');
    return task as { id: string; caseNumber: string; stepNameEn: string; departmentCode: string };
  }

  async function approve(officer: TestClient, caseId: string, note?: string) {
    const task = await inboxTask(officer, caseId);
    const res = await officer.post(`/api/v1/tasks/${task.id}/complete`, {
      outcome: 'approve',
      ...(note ? { note } : {}),
    });
    assert.equal(res.statusCode, 200, res.body);
    return task;
  }

  test('sign up → form → upload → submit → accept → parallel review → approval → applicant sees it all', async () => {
    // 1. Real-name sign-up.
    const applicant = new TestClient(t.app, 'zh-CN');
    const first17 = '91339001MA2J7K8L0';
    const creditCode = first17 + creditCodeCheckChar(first17);
    const signup = await applicant.post('/api/v1/auth/signup/enterprise', {
      companyName: '明湖启航建设发展有限公司',
      creditCode,
      legalRepName: '王建国',
      phone: '13912345678',
      password: 'Qihang2026build',
    });
    assert.equal(signup.statusCode, 201, signup.body);
    assert.equal((await applicant.get('/api/v1/me')).statusCode, 200);

    // 2. Find the service and read its form, pre-filled from the profile.
    const found = await applicant.get(`/api/v1/services?q=${encodeURIComponent('施工许可')}`);
    assert.ok(found.json().items.some((s: { code: string }) => s.code === 'HCD-CP'));
    const form = (await applicant.get('/api/v1/services/HCD-CP/form')).json();
    assert.equal(form.prefill.values.enterprise.companyName, '明湖启航建设发展有限公司');
    assert.equal(form.prefill.values.enterprise.creditCode, creditCode);

    // 3. Draft with the answers, then the critical materials (non-critical ones may follow: 容缺受理).
    const draft = await applicant.post('/api/v1/applications', { serviceId: 'HCD-CP' });
    assert.equal(draft.statusCode, 201, draft.body);
    const id = draft.json().id as string;
    const formData = {
      enterprise: { ...form.prefill.values.enterprise, phone: '13912345678' },
      project: {
        projectName: '明湖科创园二期厂房',
        projectAddress: '明湖市东湖区科创大道88号',
        regionCode: '339001',
        buildingAreaM2: 12500.5,
        contractPriceFen: 3_860_000_000,
        constructionUnit: '明湖第一建筑工程有限公司',
        planningPermitNumber: '建字第339000202600123号',
        plannedStartDate: '2027-03-01',
      },
    };
    assert.equal((await applicant.put(`/api/v1/applications/${id}/form`, { formData })).statusCode, 200);
    const checklist = draft.json().checklist as { code: string; critical: boolean }[];
    for (const m of checklist.filter((c) => c.critical)) {
      const res = await upload(applicant, id, m.code, { name: `${m.code}.pdf`, bytes: pdfNamed(m.code) });
      assert.equal(res.statusCode, 201, res.body);
    }

    // 4. Submit (idempotent).
    const submitted = await applicant.post(
      `/api/v1/applications/${id}/submit`,
      {},
      { 'idempotency-key': `journey-${id}` },
    );
    assert.equal(submitted.statusCode, 200, submitted.body);
    const caseNumber = submitted.json().caseNumber as string;
    assert.match(caseNumber, /^339000-\d{4}-\d{6}$/);
    assert.equal(submitted.json().status, 'submitted');

    // 5. HCD front desk accepts.
    const hcdWindow = await signIn(t.app, 'hcd.window');
    const acceptance = await approve(hcdWindow, id);
    assert.equal(acceptance.caseNumber, caseNumber);
    await deliver();
    assert.equal((await applicant.get(`/api/v1/applications/${id}`)).json().status, 'accepted');

    // 6. HCD technical review and NRP planning review run in parallel; both officers read the case.
    const hcdOfficer = await signIn(t.app, 'hcd.officer');
    const nrpOfficer = await signIn(t.app, 'nrp.officer');
    const nrpView = await nrpOfficer.get(`/api/v1/cases/${id}`);
    assert.equal(nrpView.statusCode, 200, nrpView.body);
    assert.equal(nrpView.json().openTask.role, 'officer');
    await Promise.all([approve(hcdOfficer, id, '技术审查通过'), approve(nrpOfficer, id, '符合规划条件')]);
    await deliver();
    const reviewing = (await applicant.get(`/api/v1/applications/${id}`)).json();
    assert.equal(reviewing.status, 'in_review');
    assert.ok(reviewing.progress.percent > 0 && reviewing.progress.percent < 100);

    // 7. HCD head decides.
    const hcdHead = await signIn(t.app, 'hcd.head');
    await approve(hcdHead, id, '准予许可');
    await deliver();

    // 8. The applicant sees the decision, every step with who/when/where/note/due date, and 100%.
    const done = (await applicant.get(`/api/v1/applications/${id}`)).json();
    assert.equal(done.status, 'approved');
    assert.deepEqual(done.progress, {
      completed: done.progress.total,
      total: done.progress.total,
      percent: 100,
    });
    const steps = done.timeline.filter((e: { kind: string }) => e.kind === 'step');
    assert.deepEqual(steps.map((s: { stepNameEn: string }) => s.stepNameEn).sort(), [
      'Final approval',
      'Planning review',
      'Technical review',
      'Window acceptance',
    ]);
    for (const s of steps) {
      assert.equal(s.status, 'completed');
      assert.equal(s.outcome, 'approve');
      assert.ok(s.actorName, `${s.stepNameEn} names who handled it`);
      assert.ok(s.departmentNameZh && s.departmentNameEn);
      assert.ok(s.dueAt && s.at);
    }
    const planning = steps.find((s: { stepNameEn: string }) => s.stepNameEn === 'Planning review');
    assert.equal(planning.departmentNameZh, '自然资源和规划局');
    assert.equal(planning.note, '符合规划条件');
    assert.deepEqual(
      done.timeline.map((e: { kind: string }) => e.kind),
      ['created', 'submitted', 'step', 'step', 'step', 'step', 'decided'],
    );
    const deferred = done.checklist
      .filter((c: { provided: boolean }) => !c.provided)
      .map((c: { code: string }) => c.code);
    assert.deepEqual(deferred.sort(), ['funding_commitment', 'safety_measures']);

    // 9. The auditor finds the whole story in an intact chain.
    const auditor = await signIn(t.app, 'auditor');
    const verify = (await auditor.get('/api/v1/audit/verify')).json();
    assert.equal(verify.ok, true);
    const entries = (
      await auditor.get(`/api/v1/audit/entries?subjectType=application&subjectId=${id}&limit=100`)
    ).json();
    const actions = entries.items.map((e: { action: string }) => e.action);
    for (const a of ['application.create', 'application.submit', 'case.read', 'application.status']) {
      assert.ok(actions.includes(a), `${a} audited`);
    }
  });
});

/** Distinct small PDFs, so each material is its own file in the content-addressed store. */
function pdfNamed(label: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}
