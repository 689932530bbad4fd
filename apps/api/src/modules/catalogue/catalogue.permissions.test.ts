import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID, DEMO_PASSWORD, seedDemoAccounts } from '../identity/index.ts';
import { seedDemoOrg } from '../org/index.ts';
import { seedDemoCatalogue } from './index.ts';

type Who = 'anonymous' | 'citizen' | 'officer';

/** The catalogue is public: every reader gets the same answers, signed in or not. */
describe('catalogue permissions', () => {
  let t: TestApp;
  const as = {} as Record<Who, TestClient>;

  before(async () => {
    t = await createTestApp();
    await seedDemoOrg(t.database.db);
    await seedDemoAccounts(t.database.db);
    await seedDemoCatalogue(t.database.db);
    as.anonymous = new TestClient(t.app);
    for (const [who, login] of [
      ['citizen', DEMO_CITIZEN_ID],
      ['officer', 'samr.window'],
    ] as const) {
      as[who] = new TestClient(t.app);
      const res = await as[who].post('/api/v1/auth/signin', { login, password: DEMO_PASSWORD });
      assert.equal(res.statusCode, 200, res.body);
    }
  });
  after(async () => t.close());

  for (const path of ['/api/v1/services', '/api/v1/services/SAMR-BL', '/api/v1/service-categories']) {
    test(`everyone reads ${path} alike`, async () => {
      const answers = [];
      for (const who of ['anonymous', 'citizen', 'officer'] as Who[]) {
        const res = await as[who].get(path);
        assert.equal(res.statusCode, 200, who);
        answers.push(res.json());
      }
      assert.deepEqual(answers[1], answers[0]);
      assert.deepEqual(answers[2], answers[0]);
    });
  }
});
