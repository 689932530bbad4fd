import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { demoApp, demoCitizen, demoEnterprise, newCitizen, signIn, upload } from './applications.testkit.ts';
import { chinaTime, completeOpenTask, fileCase, pdfOf, ssaForm, supply, ubForm } from './casework.testkit.ts';
import { runDeferralPass } from './deferral.job.ts';

// 容缺受理 over HTTP: HRSS-UB (10 working days, suspend) and HRSS-SSA (5 working days, revoke).
// Monday 2 March 2026, 10:00 China time: ten working days later is Monday 16 March (no holiday between).
const MONDAY = '2026-03-02 10:00';
const UB_DEADLINE = '2026-03-16T15:59:59.999Z';

describe('容缺受理: accepted with non-critical materials owed', () => {
  let t: TestApp;
  let citizen: TestClient;
  let enterprise: TestClient;
  let window: TestClient;
  let officer: TestClient;
  let head: TestClient;

  before(async () => {
    t = await demoApp({ sessionIdleSeconds: 365 * 24 * 3600 });
    t.clock.now = chinaTime(MONDAY);
    citizen = await demoCitizen(t.app);
    enterprise = await demoEnterprise(t.app);
    window = await signIn(t.app, 'hrss.window');
    officer = await signIn(t.app, 'hrss.officer');
    head = await signIn(t.app, 'hrss.head');
  });
  after(async () => t.close());

  const db = () => t.app.platform.db;
  const deliver = () => t.app.platform.outbox.drain();
  const pass = async (local: string) => {
    t.clock.now = chinaTime(local);
    const done = await runDeferralPass(t.app.platform);
    await deliver();
    return done;
  };
  const acceptWithDeferral = (c: TestClient, id: string, materials: string[], note?: string) =>
    c.post(`/api/v1/cases/${id}/accept-with-deferral`, { materials, ...(note ? { note } : {}) });
  const kinds = (view: { timeline: { kind: string }[] }) => view.timeline.map((e) => e.kind);
  const auditActions = async (id: string) =>
    (
      await sql<{
        action: string;
      }>`SELECT action FROM audit_entries WHERE subject_id = ${id} ORDER BY id`.execute(db())
    ).rows.map((r) => r.action);
  const notices = async (c: TestClient, caseId: string) =>
    (
      (await c.get('/api/v1/me/notifications?limit=100')).json().items as {
        subject: { id: string } | null;
        title: string;
      }[]
    )
      .filter((n) => n.subject?.id === caseId)
      .map((n) => n.title);

  /** An unemployment benefit case of a fresh citizen, accepted with the bank card owed. */
  async function deferredUbCase(n: number) {
    t.clock.now = chinaTime(MONDAY);
    const applicant = await newCitizen(t.app, n, `申请人${n}`);
    const id = await fileCase(applicant.client, 'HRSS-UB', ubForm(applicant.idNumber, `申请人${n}`), [
      'id_card',
      'termination_proof',
    ]);
    const accepted = await acceptWithDeferral(window, id, ['bank_card']);
    assert.equal(accepted.statusCode, 200, accepted.body);
    await deliver();
    return { id, applicant: applicant.client };
  }

  test('the window accepts with the bank card owed; the applicant signs the commitment and is reminded once', async () => {
    t.clock.now = chinaTime(MONDAY);
    const id = await fileCase(citizen, 'HRSS-UB', ubForm(DEMO_CITIZEN_ID), ['id_card', 'termination_proof']);
    const res = await acceptWithDeferral(window, id, ['bank_card'], '银行卡可后补');
    assert.equal(res.statusCode, 200, res.body);
    const asOfficer = res.json();
    assert.equal(asOfficer.status, 'accepted');
    assert.equal(asOfficer.openTask, null, "the window's acceptance step is done");
    assert.equal(asOfficer.deferral.state, 'owed');
    assert.equal(asOfficer.deferral.deadline, UB_DEADLINE);
    assert.equal(asOfficer.deferral.onExpired, 'suspend');
    assert.equal(asOfficer.deferral.note, '银行卡可后补');
    assert.deepEqual(
      asOfficer.deferral.materials.map((m: { code: string; supplied: boolean }) => [m.code, m.supplied]),
      [['bank_card', false]],
    );
    await deliver();

    // The applicant sees what is owed and by when, and the commitment filled in for this case.
    const view = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(view.status, 'accepted');
    assert.ok(kinds(view).includes('deferred'));
    const zh = view.deferral.commitment.texts.find((x: { locale: string }) => x.locale === 'zh-CN');
    for (const part of ['张明', view.caseNumber, '本人社会保障卡或银行卡', '2026年3月16日', '中止办理'])
      assert.ok(zh.text.includes(part), `the commitment names ${part}`);
    assert.equal(view.deferral.commitment.signed, null);
    assert.ok(
      (await notices(citizen, id)).includes('Accepted with materials to follow: please sign the commitment'),
    );

    // Signing names the text read: a different text is refused, then the right one is recorded.
    const wrong = await citizen.post(`/api/v1/applications/${id}/commitment`, {
      locale: 'zh-CN',
      textSha256: '0'.repeat(64),
    });
    assert.equal(wrong.statusCode, 409);
    assert.equal(wrong.json().error.code, 'DEFERRAL_COMMITMENT_CHANGED');
    const signed = await citizen.post(`/api/v1/applications/${id}/commitment`, {
      locale: 'zh-CN',
      textSha256: zh.sha256,
    });
    assert.equal(signed.statusCode, 200, signed.body);
    assert.deepEqual(signed.json().deferral.commitment.signed, {
      at: chinaTime(MONDAY).toISOString(),
      locale: 'zh-CN',
      sha256: zh.sha256,
    });
    assert.ok(kinds(signed.json()).includes('commitment_signed'));
    const again = await citizen.post(`/api/v1/applications/${id}/commitment`, {
      locale: 'zh-CN',
      textSha256: zh.sha256,
    });
    assert.equal(again.json().error.code, 'DEFERRAL_ALREADY_SIGNED');
    const { rows } = await sql<{ details: { sessionId: string; sha256: string } }>`
      SELECT details FROM audit_entries WHERE subject_id = ${id} AND action = 'application.commitment.sign'`.execute(
      db(),
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.details.sha256, zh.sha256);
    assert.match(rows[0]?.details.sessionId ?? '', /^[0-9a-f-]{36}$/, 'the signing session is recorded');

    // Two working days before the deadline (from the end of Thursday 12 March) the reminder goes out, once.
    assert.equal((await pass('2026-03-12 18:00')).reminded, 0);
    assert.equal((await pass('2026-03-13 09:00')).reminded, 1);
    assert.equal((await pass('2026-03-13 09:30')).reminded, 0, 'never twice');
    const reminded = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(reminded.deferral.remindedAt, chinaTime('2026-03-13 09:00').toISOString());
    assert.equal(kinds(reminded).filter((k: string) => k === 'deferral_reminded').length, 1);
    const dueNotices = (await notices(citizen, id)).filter(
      (title) => title === 'Materials owed are due soon',
    );
    assert.equal(dueNotices.length, 1);

    // Only what is owed may be uploaded here; the bank card closes the gap.
    const notOwed = await supply(citizen, id, 'id_card');
    assert.equal(notOwed.statusCode, 422);
    assert.equal(notOwed.json().error.code, 'DEFERRAL_MATERIAL_NOT_OWED');
    const supplied = await supply(citizen, id, 'bank_card');
    assert.equal(supplied.statusCode, 201, supplied.body);
    const closed = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(closed.deferral.state, 'supplied');
    assert.equal(closed.deferral.materials[0].supplied, true);
    assert.ok(kinds(closed).includes('materials_supplied'));
    assert.equal(closed.status, 'accepted', 'processing went on all along');
    const late = await supply(citizen, id, 'bank_card', 'again');
    assert.equal(late.json().error.code, 'DEFERRAL_NOT_OPEN');
    // The deadline passing afterwards changes nothing.
    assert.deepEqual(await pass('2026-03-17 09:00'), { reminded: 0, suspended: 0, revoked: 0, closed: 0 });
    assert.equal((await citizen.get(`/api/v1/applications/${id}`)).json().status, 'accepted');
    const actions = await auditActions(id);
    for (const a of [
      'case.acceptWithDeferral',
      'application.commitment.sign',
      'application.deferral.remind',
      'application.deferral.upload',
      'application.deferral.supplied',
    ])
      assert.ok(actions.includes(a), a);
  });

  test('critical, unknown, optional or provided materials cannot be deferred, and nothing is half-written', async () => {
    t.clock.now = chinaTime(MONDAY);
    const applicant = await newCitizen(t.app, 21);
    // The bank card was uploaded: nothing non-critical is missing.
    const id = await fileCase(applicant.client, 'HRSS-UB', ubForm(applicant.idNumber, applicant.name), [
      'id_card',
      'termination_proof',
      'bank_card',
    ]);
    const cases: [string[], number, string][] = [
      [['id_card'], 422, 'DEFERRAL_MATERIAL_CRITICAL'],
      [['bank_card', 'termination_proof'], 422, 'DEFERRAL_MATERIAL_CRITICAL'],
      [['no_such_material'], 422, 'APPLICATION_MATERIAL_UNKNOWN'],
      [['bank_card'], 409, 'DEFERRAL_MATERIAL_PROVIDED'],
    ];
    for (const [materials, status, code] of cases) {
      const res = await acceptWithDeferral(window, id, materials);
      assert.equal(res.statusCode, status, `${materials}: ${res.body}`);
      assert.equal(res.json().error.code, code);
    }
    const bad = await acceptWithDeferral(window, id, []);
    assert.equal(bad.statusCode, 400, 'at least one material');
    const view = (await window.get(`/api/v1/cases/${id}`)).json();
    assert.equal(view.status, 'submitted');
    assert.ok(view.openTask, 'the acceptance step is still open');
    assert.equal(view.deferral, null);
    assert.ok(!(await auditActions(id)).includes('case.acceptWithDeferral'));

    // An item without a deferral policy (resident medical insurance) offers none.
    const mib = await fileCase(
      applicant.client,
      'MIB-REG',
      {
        applicant: {
          name: applicant.name,
          idNumber: applicant.idNumber,
          sex: 'male',
          birthDate: '1985-06-12',
        },
        insurance: { category: 'adult', regionCode: '339001' },
      },
      ['id_or_hukou'],
    );
    const mibWindow = await signIn(t.app, 'mib.window');
    const offered = await acceptWithDeferral(mibWindow, mib, ['residence_permit']);
    assert.equal(offered.statusCode, 409);
    assert.equal(offered.json().error.code, 'DEFERRAL_NOT_OFFERED');

    // Once accepted, the acceptance step is gone: a second acceptance is refused.
    const ok = await deferredUbCase(22);
    const twice = await acceptWithDeferral(window, ok.id, ['bank_card']);
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'CASE_ACCEPTANCE_NOT_OPEN');
  });

  test('suspend: past the deadline no step can be approved or returned; supplying resumes the case', async () => {
    const { id, applicant } = await deferredUbCase(23);
    assert.equal((await completeOpenTask(t, officer, id, 'approve')).statusCode, 200, 'review passed');
    assert.equal((await applicant.get(`/api/v1/applications/${id}`)).json().status, 'in_review');

    assert.ok((await pass('2026-03-17 09:00')).suspended >= 1);
    const suspended = (await applicant.get(`/api/v1/applications/${id}`)).json();
    assert.equal(suspended.status, 'suspended');
    assert.equal(suspended.deferral.state, 'suspended');
    assert.equal(suspended.deferral.expiredAt, chinaTime('2026-03-17 09:00').toISOString());
    assert.ok(kinds(suspended).includes('suspended'));
    assert.equal((await pass('2026-03-17 10:00')).suspended, 0, 'applied once');

    // The head's approval step stays in the inbox but cannot be approved or returned; refusing stays possible.
    const blocked = await completeOpenTask(t, head, id, 'approve');
    assert.equal(blocked.statusCode, 409);
    assert.equal(blocked.json().error.code, 'APPLICATION_SUSPENDED');
    const returned = await head.post(`/api/v1/cases/${id}/return`, { note: '请补正' });
    assert.equal(returned.json().error.code, 'APPLICATION_SUSPENDED');
    assert.ok((await head.get(`/api/v1/cases/${id}`)).json().openTask, 'the step is still there');

    const supplied = await supply(applicant, id, 'bank_card');
    assert.equal(supplied.statusCode, 201, supplied.body);
    await deliver();
    const resumed = (await applicant.get(`/api/v1/applications/${id}`)).json();
    assert.equal(resumed.status, 'in_review', 'back where the workflow left it');
    assert.equal(resumed.deferral.state, 'supplied');
    assert.ok(kinds(resumed).includes('resumed'));
    assert.equal((await completeOpenTask(t, head, id, 'approve')).statusCode, 200);
    assert.equal((await applicant.get(`/api/v1/applications/${id}`)).json().status, 'approved');
  });

  test('suspend after the decision: the approval is suspended until the materials arrive', async () => {
    const { id, applicant } = await deferredUbCase(24);
    assert.equal((await completeOpenTask(t, officer, id, 'approve')).statusCode, 200);
    assert.equal((await completeOpenTask(t, head, id, 'approve')).statusCode, 200);
    assert.equal((await applicant.get(`/api/v1/applications/${id}`)).json().status, 'approved');

    assert.ok((await pass('2026-03-17 09:00')).suspended >= 1);
    const suspended = (await applicant.get(`/api/v1/applications/${id}`)).json();
    assert.equal(suspended.status, 'suspended');
    assert.ok(suspended.decidedAt, 'the decision stays on record');
    assert.ok(kinds(suspended).indexOf('decided') < kinds(suspended).indexOf('suspended'));

    assert.equal((await supply(applicant, id, 'bank_card')).statusCode, 201);
    assert.equal((await applicant.get(`/api/v1/applications/${id}`)).json().status, 'approved');
  });

  test('revoke: an undecided case is ended, a decided one loses its decision; late materials are refused', async () => {
    t.clock.now = chinaTime(MONDAY);
    // Two employer registrations accepted without the bank account proof (5 working days: Monday 9 March).
    const open = await fileCase(enterprise, 'HRSS-SSA', ssaForm(), ['business_licence', 'legal_rep_id']);
    const decided = await fileCase(enterprise, 'HRSS-SSA', ssaForm(), ['business_licence', 'legal_rep_id']);
    for (const id of [open, decided]) {
      const res = await acceptWithDeferral(window, id, ['bank_account_proof']);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().deferral.deadline, '2026-03-09T15:59:59.999Z');
      assert.equal(res.json().deferral.onExpired, 'revoke');
    }
    await deliver();
    assert.equal((await completeOpenTask(t, officer, decided, 'approve')).statusCode, 200);
    assert.equal((await completeOpenTask(t, head, decided, 'approve')).statusCode, 200);

    assert.ok((await pass('2026-03-10 09:00')).revoked >= 2);
    const ended = (await enterprise.get(`/api/v1/applications/${open}`)).json();
    assert.equal(ended.status, 'revoked');
    assert.equal(ended.deferral.state, 'revoked');
    assert.ok(kinds(ended).includes('revoked'));
    // The workflow was terminated: the review step left the officer's inbox.
    assert.equal((await officer.get(`/api/v1/cases/${open}`)).json().openTask, null);
    const undone = (await enterprise.get(`/api/v1/applications/${decided}`)).json();
    assert.equal(undone.status, 'revoked');
    assert.ok(undone.decidedAt);
    const events = await sql<{ payload: { caseId: string; decisionRevoked: boolean } }>`
      SELECT payload FROM platform_outbox WHERE type = 'application.revoked'`.execute(db());
    const revokedEvents = new Map(events.rows.map((r) => [r.payload.caseId, r.payload.decisionRevoked]));
    assert.equal(revokedEvents.get(open), false);
    assert.equal(revokedEvents.get(decided), true);

    const late = await supply(enterprise, open, 'bank_account_proof');
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'DEFERRAL_NOT_OPEN');
    const bound = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM applications_materials WHERE application_id = ${open}
        AND material_code = 'bank_account_proof'`.execute(db());
    assert.equal(bound.rows[0]?.n, 0);
    assert.equal((await pass('2026-03-11 09:00')).revoked, 0, 'applied once');
  });

  test('a resubmission that brings the owed material and the deadline racing: exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      t.clock.now = chinaTime(MONDAY);
      const id = await fileCase(enterprise, 'HRSS-SSA', ssaForm(), ['business_licence', 'legal_rep_id']);
      assert.equal((await acceptWithDeferral(window, id, ['bank_account_proof'])).statusCode, 200);
      await deliver();
      // The reviewing officer returns it for the account proof; the applicant uploads it with the supplement.
      const returned = await officer.post(`/api/v1/cases/${id}/return`, {
        materials: ['bank_account_proof'],
      });
      assert.equal(returned.statusCode, 200, returned.body);
      await deliver();
      const proof = await upload(enterprise, id, 'bank_account_proof', {
        name: 'proof.pdf',
        bytes: pdfOf(`proof-${round}`),
      });
      assert.equal(proof.statusCode, 201, proof.body);
      t.clock.now = chinaTime('2026-03-10 09:00');
      const [resubmit] = await Promise.all([
        enterprise.post(`/api/v1/applications/${id}/resubmit`, { formData: ssaForm() }),
        runDeferralPass(t.app.platform),
      ]);
      await deliver();
      const view = (await enterprise.get(`/api/v1/applications/${id}`)).json();
      if (resubmit.statusCode === 200) {
        assert.equal(view.deferral.state, 'supplied', 'the resubmission closed the gap');
        assert.equal(view.status, 'in_review');
        assert.equal((await pass('2026-03-10 10:00')).revoked, 0);
        assert.equal((await enterprise.get(`/api/v1/applications/${id}`)).json().status, 'in_review');
      } else {
        assert.equal(resubmit.statusCode, 409, resubmit.body);
        assert.equal(resubmit.json().error.code, 'APPLICATION_NOT_RETURNED');
        assert.equal(view.status, 'revoked');
        assert.equal(view.deferral.state, 'revoked');
        assert.ok(!kinds(view).includes('resubmitted'), 'nothing of the resubmission was written');
      }
    }
  });

  test('supplying and the deadline racing: exactly one wins, the other changes nothing', async () => {
    for (let round = 0; round < 3; round++) {
      t.clock.now = chinaTime(MONDAY);
      const id = await fileCase(enterprise, 'HRSS-SSA', ssaForm(), ['business_licence', 'legal_rep_id']);
      assert.equal((await acceptWithDeferral(window, id, ['bank_account_proof'])).statusCode, 200);
      await deliver();
      t.clock.now = chinaTime('2026-03-10 09:00');
      const [upload, job] = await Promise.all([
        supply(enterprise, id, 'bank_account_proof', `race-${round}`),
        runDeferralPass(t.app.platform),
      ]);
      const view = (await enterprise.get(`/api/v1/applications/${id}`)).json();
      const bound = view.materials.filter(
        (m: { materialCode: string }) => m.materialCode === 'bank_account_proof',
      );
      if (upload.statusCode === 201) {
        assert.equal(view.deferral.state, 'supplied');
        assert.equal(view.status, 'accepted');
        assert.equal(bound.length, 1);
      } else {
        assert.equal(upload.statusCode, 409, upload.body);
        assert.equal(upload.json().error.code, 'DEFERRAL_NOT_OPEN');
        assert.ok(job.revoked >= 1);
        assert.equal(view.status, 'revoked');
        assert.equal(bound.length, 0, 'no file bound to the revoked case');
      }
    }
  });
});
