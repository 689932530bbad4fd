import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { demoApp, demoCitizen, readyHpfDraft, signIn } from '../../testing/demo.ts';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';

// Who sees a case's answers in full, masked, or not at all; and "show in full", audited.
describe('masking by role and audited unmasking', () => {
  let t: TestApp;
  let caseId: string;
  let citizen: TestClient;
  const masked = `${DEMO_CITIZEN_ID.slice(0, 6)}********${DEMO_CITIZEN_ID.slice(14)}`;

  before(async () => {
    t = await demoApp();
    citizen = await demoCitizen(t.app);
    caseId = await readyHpfDraft(citizen, DEMO_CITIZEN_ID);
    assert.equal((await citizen.post(`/api/v1/applications/${caseId}/submit`)).statusCode, 200);
    // The demo auditor works in civil affairs; the housing fund's administrator makes them its auditor too.
    const auditor = await signIn(t.app, 'auditor');
    const auditorId = (await auditor.get('/api/v1/me')).json().account.id;
    const admin = await signIn(t.app, 'hpf.admin');
    const hpf = (await admin.get('/api/v1/departments/HPF')).json().id;
    const granted = await admin.post(`/api/v1/departments/${hpf}/staff-roles`, {
      accountId: auditorId,
      role: 'auditor',
    });
    assert.equal(granted.statusCode, 201, granted.body);
  });
  after(() => t.close());

  const unmask = (c: TestClient, pointer = '/applicant/idNumber', reason = '核对申请人身份') =>
    c.post(`/api/v1/cases/${caseId}/unmask`, { pointer, reason });

  test('the matrix: citizen self, window and officer in full; head, auditor and administrator masked', async () => {
    const own = (await citizen.get(`/api/v1/applications/${caseId}`)).json();
    assert.equal(own.formData.applicant.idNumber, DEMO_CITIZEN_ID);
    assert.equal(own.formData.applicant.phone, '13800138000');

    const expected: [string, boolean][] = [
      ['hpf.window', false],
      ['hpf.officer', false],
      ['hpf.head', true],
      ['auditor', true],
      ['hpf.admin', true],
    ];
    for (const [login, isMasked] of expected) {
      const res = await (await signIn(t.app, login)).get(`/api/v1/cases/${caseId}`);
      assert.equal(res.statusCode, 200, `${login}: ${res.body}`);
      const view = res.json();
      assert.equal(view.masked, isMasked, login);
      assert.equal(view.formData.applicant.idNumber, isMasked ? masked : DEMO_CITIZEN_ID, login);
      assert.equal(view.formData.applicant.phone, isMasked ? '138****8000' : '13800138000', login);
      // The applicant's name is what the case is known by: shown to everyone involved.
      assert.equal(view.formData.applicant.name, own.formData.applicant.name, login);
      if (isMasked) {
        assert.ok(view.maskedPointers.includes('/applicant/idNumber'), login);
        assert.ok(view.maskedPointers.includes('/applicant/phone'), login);
        assert.ok(!view.maskedPointers.includes('/applicant/name'), login);
      } else assert.deepEqual(view.maskedPointers, [], login);
    }
    // A department with no task on the case does not see it at all.
    assert.equal((await (await signIn(t.app, 'psb.officer')).get(`/api/v1/cases/${caseId}`)).statusCode, 404);
  });

  test('show in full: the head gets the value with a reason, and the audit names the field and the reason', async () => {
    const head = await signIn(t.app, 'hpf.head');
    const res = await unmask(head);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { pointer: '/applicant/idNumber', value: DEMO_CITIZEN_ID });
    const auditor = await signIn(t.app, 'auditor');
    const phone = await unmask(auditor, '/applicant/phone', '抽查电话核实记录');
    assert.deepEqual(phone.json(), { pointer: '/applicant/phone', value: '13800138000' });

    const { rows } = await sql<{
      actor_id: string;
      details: Record<string, unknown>;
      personal_data: boolean;
    }>`
      SELECT actor_id, details, personal_data FROM audit_entries
      WHERE subject_id = ${caseId} AND action = 'personal.unmask' ORDER BY id`.execute(t.database.db);
    assert.deepEqual(
      rows.map((r) => [r.personal_data, r.details.pointer, r.details.reason]),
      [
        [true, '/applicant/idNumber', '核对申请人身份'],
        [true, '/applicant/phone', '抽查电话核实记录'],
      ],
    );
  });

  test('refused: no reason, a role that may not ask, an uninvolved officer, a citizen, no such answer', async () => {
    const head = await signIn(t.app, 'hpf.head');
    assert.equal((await unmask(head, '/applicant/idNumber', '')).statusCode, 400);
    assert.equal((await unmask(await signIn(t.app, 'hpf.admin'))).statusCode, 403);
    assert.equal((await unmask(await signIn(t.app, 'psb.officer'))).statusCode, 404);
    assert.equal((await unmask(citizen)).statusCode, 403);
    const missing = await unmask(head, '/applicant/nothing');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'CASE_VALUE_NOT_FOUND');
    // A whole section is not one value.
    assert.equal((await unmask(head, '/applicant')).statusCode, 404);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = ${caseId} AND action = 'personal.unmask'`.execute(
      t.database.db,
    );
    assert.equal(rows[0]?.n, 2, 'only the two granted requests are in the audit log');
  });
});
