import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoApp, demoCitizen, newCitizen, readyHpfDraft, signIn } from '../../testing/demo.ts';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { getDepartmentByCode } from '../org/index.ts';
import { createConsentRequest, findLiveConsent } from './index.ts';

describe('consent receipts', () => {
  let t: TestApp;
  let citizen: TestClient;
  let citizenId: string;
  let bankDept: { id: string; nameZh: string; nameEn: string };

  const ask = async (fields = ['name', 'idNumber'], validDays = 30) => {
    const { db } = t.app.platform;
    return createConsentRequest(
      db,
      {
        subjectAccountId: citizenId,
        recipient: {
          clientId: 'minghu-bank',
          nameZh: '明湖银行开户系统',
          nameEn: 'Minghu Bank account opening',
          departmentId: bankDept.id,
          departmentNameZh: bankDept.nameZh,
          departmentNameEn: bankDept.nameEn,
        },
        dataset: { code: 'LICENCES-HELD', nameZh: '持有证照', nameEn: 'Licences held' },
        purpose: {
          code: 'ACCOUNT_OPENING',
          nameZh: '银行开户',
          nameEn: 'Opening a bank account',
          descriptionZh: '核验您的身份以开立账户',
          descriptionEn: 'To check who you are before opening your account',
        },
        fields: fields.map((code) => ({ code, labelZh: code, labelEn: code })),
        retentionDays: 180,
        validDays,
        actor: { id: 'minghu-bank', kind: 'system' },
      },
      t.app.platform.now(),
    );
  };
  const live = (fields: string[]) =>
    findLiveConsent(t.app.platform.db, {
      subjectId: citizenId,
      clientId: 'minghu-bank',
      dataset: 'LICENCES-HELD',
      purpose: 'ACCOUNT_OPENING',
      fields,
      at: t.app.platform.now(),
    });

  before(async () => {
    t = await demoApp();
    citizen = await demoCitizen(t.app);
    citizenId = (await citizen.get('/api/v1/me')).json().account.id;
    const dept = await getDepartmentByCode(t.app.platform.db, 'SAMR');
    assert.ok(dept);
    bankDept = dept;
  });
  after(async () => t.close());

  test('the subject reads the request in plain words, grants it, and the receipt covers exactly its fields', async () => {
    const { id } = await ask();
    const shown = await citizen.get(`/api/v1/consents/requests/${id}`);
    assert.equal(shown.statusCode, 200, shown.body);
    assert.equal(shown.json().status, 'pending');
    assert.equal(shown.json().purpose.descriptionZh, '核验您的身份以开立账户');
    assert.equal(shown.json().retentionDays, 180);
    assert.equal(await live(['name']), undefined, 'nothing is live before the grant');

    const granted = await citizen.post(`/api/v1/consents/requests/${id}/grant`);
    assert.equal(granted.statusCode, 201, granted.body);
    const receipt = granted.json();
    assert.equal(receipt.legalBasis, 'consent');
    assert.equal(receipt.status, 'live');
    assert.equal(Date.parse(receipt.expiresAt) - Date.parse(receipt.createdAt), 30 * 86_400_000);
    assert.deepEqual(await live(['idNumber', 'name']), { receiptId: receipt.id });
    assert.equal(await live(['name', 'phone']), undefined, 'a field outside the consent is not covered');

    const again = await citizen.post(`/api/v1/consents/requests/${id}/grant`);
    assert.equal(again.json().error.code, 'CONSENT_REQUEST_DECIDED');

    const list = await citizen.get('/api/v1/me/consents?status=live');
    assert.deepEqual(
      list.json().items.map((r: { id: string }) => r.id),
      [receipt.id],
    );
    const doc = await citizen.get(`/api/v1/me/consents/${receipt.id}/receipt`);
    assert.equal(doc.statusCode, 200);
    assert.match(String(doc.headers['content-disposition']), /attachment; filename="consent-receipt-/);
    assert.equal(doc.json().consentReceiptID, receipt.id);
    assert.equal(doc.json().version, 'KI-CR-v1.1.0');
    assert.deepEqual(doc.json().services[0].purposes[0].piiCategoryCodes, ['name', 'idNumber']);
  });

  test('revocation takes effect at once and cannot be repeated', async () => {
    const { id } = await ask(['name']);
    const receipt = (await citizen.post(`/api/v1/consents/requests/${id}/grant`)).json();
    assert.ok(await live(['name']));
    const revoked = await citizen.post(`/api/v1/me/consents/${receipt.id}/revoke`);
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal(revoked.json().status, 'revoked');
    assert.equal(revoked.json().revokedBy, citizenId);
    // The first test's consent (name + idNumber) still covers name; this one no longer counts.
    assert.notEqual((await live(['name']))?.receiptId, receipt.id);
    const twice = await citizen.post(`/api/v1/me/consents/${receipt.id}/revoke`);
    assert.equal(twice.json().error.code, 'CONSENT_ALREADY_REVOKED');
    const doc = (await citizen.get(`/api/v1/me/consents/${receipt.id}/receipt`)).json();
    assert.equal(doc.revoked.by, citizenId);
  });

  test('a declined request creates no consent; an expired consent covers nothing', async () => {
    const { id } = await ask(['phone']);
    const declined = await citizen.post(`/api/v1/consents/requests/${id}/decline`);
    assert.equal(declined.json().status, 'declined');
    assert.equal(await live(['phone']), undefined);

    const short = await ask(['address'], 1);
    await citizen.post(`/api/v1/consents/requests/${short.id}/grant`);
    assert.ok(await live(['address']));
    t.clock.now = new Date(Date.now() + 2 * 86_400_000);
    assert.equal(await live(['address']), undefined);
    // Two days on the session has lapsed too: sign in again.
    const later = await demoCitizen(t.app);
    const expired = await later.get('/api/v1/me/consents?status=expired');
    assert.equal(expired.json().items.length, 1);
    t.clock.now = new Date();
  });

  test("nobody else sees or answers the subject's requests and consents", async () => {
    const { id } = await ask(['email']);
    const other = (await newCitizen(t.app, 41)).client;
    assert.equal(
      (await other.get(`/api/v1/consents/requests/${id}`)).json().error.code,
      'CONSENT_REQUEST_NOT_FOUND',
    );
    assert.equal(
      (await other.post(`/api/v1/consents/requests/${id}/grant`)).json().error.code,
      'CONSENT_REQUEST_NOT_FOUND',
    );
    assert.equal((await other.get('/api/v1/me/consents')).json().items.length, 0);
    const officer = await signIn(t.app, 'samr.officer');
    assert.equal((await officer.get(`/api/v1/consents/requests/${id}`)).statusCode, 403);
    assert.equal((await officer.get('/api/v1/me/data-usage')).statusCode, 403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/me/consents' });
    assert.equal(anonymous.statusCode, 401);
  });

  test("an officer's read of the citizen's case appears in their data usage, with department and purpose", async () => {
    const { client: applicant, idNumber, name } = await newCitizen(t.app, 42);
    const draft = await readyHpfDraft(applicant, idNumber, name);
    assert.equal((await applicant.post(`/api/v1/applications/${draft}/submit`)).statusCode, 200);
    assert.deepEqual((await applicant.get('/api/v1/me/data-usage')).json().items, []);

    const officer = await signIn(t.app, 'hpf.officer');
    assert.equal((await officer.get(`/api/v1/cases/${draft}`)).statusCode, 200);
    const usage = (await applicant.get('/api/v1/me/data-usage')).json();
    assert.equal(usage.items.length, 1);
    const [read] = usage.items;
    assert.equal(read.action, 'case.read');
    assert.equal(read.actorKind, 'staff');
    assert.equal(read.purpose, 'case.review');
    assert.equal(read.department.nameZh, '住房公积金管理中心');
    assert.equal(read.outcome, 'used');
    // So does the officer's read of the stored decision trace that checked the case (秒批 rules).
    const traces = await officer.get(
      `/api/v1/admin/decision-evaluations?subjectType=application&subjectId=${draft}`,
    );
    assert.equal(traces.statusCode, 200, traces.body);
    assert.equal(traces.json().items.length, 1);
    const after = (await applicant.get('/api/v1/me/data-usage')).json().items as {
      action: string;
      purpose: string;
      department: { nameZh: string };
    }[];
    const traceRead = after.find((i) => i.action === 'decision.evaluations.read');
    assert.ok(traceRead, JSON.stringify(after));
    assert.equal(traceRead.purpose, 'case.review');
    assert.equal(traceRead.department.nameZh, '住房公积金管理中心');
    // Nobody else's reads show: the demo citizen's list has none of this.
    const mine = (await citizen.get('/api/v1/me/data-usage')).json();
    assert.equal(mine.items.filter((i: { action: string }) => i.action === 'case.read').length, 0);
  });
});
