import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { seedDemoCatalogue } from '../catalogue/index.ts';
import { DEMO_CITIZEN_ID, DEMO_CREDIT_CODE, DEMO_PASSWORD, seedDemoAccounts } from '../identity/index.ts';
import { seedDemoOrg } from '../org/index.ts';
import { seedDemoForms } from './index.ts';

type Who = 'anonymous' | 'citizen' | 'enterprise' | 'officer' | 'auditor';
const LOGINS: Record<Exclude<Who, 'anonymous'>, string> = {
  citizen: DEMO_CITIZEN_ID,
  enterprise: DEMO_CREDIT_CODE,
  officer: 'hpf.officer',
  auditor: 'auditor',
};

/**
 * Who × action for the form endpoints. Forms are public (anyone may read and check them);
 * only a signed-in citizen or enterprise gets their own data pre-filled, never staff.
 */
describe('forms permissions', () => {
  let t: TestApp;
  const as = {} as Record<Who, TestClient>;

  before(async () => {
    t = await createTestApp();
    const { db } = t.database;
    await seedDemoOrg(db);
    await seedDemoAccounts(db);
    await seedDemoCatalogue(db);
    await seedDemoForms(db);
    as.anonymous = new TestClient(t.app);
    for (const [who, login] of Object.entries(LOGINS)) {
      const client = new TestClient(t.app);
      const res = await client.post('/api/v1/auth/signin', { login, password: DEMO_PASSWORD });
      assert.equal(res.statusCode, 200, `${who}: ${res.body}`);
      as[who as Who] = client;
    }
  });
  after(async () => t.close());

  const prefilled: Record<Who, boolean> = {
    anonymous: false,
    citizen: true,
    enterprise: true,
    officer: false,
    auditor: false,
  };

  for (const who of Object.keys(prefilled) as Who[]) {
    test(`${who}: reads the form, ${prefilled[who] ? 'with' : 'without'} pre-fill`, async () => {
      const code = who === 'enterprise' ? 'TAX-REG' : 'HPF-WD';
      const res = await as[who].get(`/api/v1/services/${code}/form`);
      assert.equal(res.statusCode, 200);
      const { prefill } = res.json();
      if (!prefilled[who]) return assert.equal(prefill, null);
      if (who === 'citizen') assert.equal(prefill.values.applicant.idNumber, DEMO_CITIZEN_ID);
      else assert.equal(prefill.values.enterprise.creditCode, DEMO_CREDIT_CODE);
    });

    test(`${who}: checks form data`, async () => {
      const res = await as[who].post('/api/v1/services/HPF-WD/form/validate', { data: {} });
      assert.equal(res.statusCode, 200);
      assert.ok(res.json().errors.length > 0);
    });
  }

  test('checking form data still needs the CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/services/HPF-WD/form/validate',
      payload: { data: {} },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'CSRF_TOKEN_INVALID');
  });
});
