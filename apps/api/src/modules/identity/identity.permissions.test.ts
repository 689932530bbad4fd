import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp, type TestClient } from '../../testing/harness.ts';
import { assignRole, getDepartmentByCode, seedDemoOrg } from '../org/index.ts';
import { Browser, citizenBody, enterpriseBody, PASSWORD, signIn } from './identity.testing.ts';
import { createAccount } from './index.ts';

const ACTORS = ['anonymous', 'citizen', 'enterprise', 'officer', 'adminSame', 'adminOther'] as const;
type Actor = (typeof ACTORS)[number];
const everyone = (status: number) =>
  Object.fromEntries(ACTORS.map((a) => [a, status])) as Record<Actor, number>;
const signedInOnly = (status: number): Record<Actor, number> => ({ ...everyone(status), anonymous: 401 });

describe('identity permissions (actor × endpoint)', () => {
  let t: TestApp;
  let cast: Record<Actor, TestClient>;
  let strangersSession: string;

  async function staff(username: string, code: string, role: 'officer' | 'dept_admin') {
    const db = t.app.platform.db;
    const { id } = await createAccount(db, { kind: 'staff', username, name: '测试职员', password: PASSWORD });
    await assignRole(db, { accountId: id, departmentId: (await getDepartmentByCode(db, code))!.id, role });
    const browser = new Browser(t.app);
    assert.equal((await signIn(browser, username)).statusCode, 200);
    return browser;
  }

  async function signedUp(kind: 'citizen' | 'enterprise') {
    const browser = new Browser(t.app);
    const body = kind === 'citizen' ? citizenBody() : enterpriseBody();
    assert.equal((await browser.post(`/api/v1/auth/signup/${kind}`, body)).statusCode, 201);
    return browser;
  }

  before(async () => {
    t = await createTestApp();
    await seedDemoOrg(t.app.platform.db);
    cast = {
      anonymous: new Browser(t.app),
      citizen: await signedUp('citizen'),
      enterprise: await signedUp('enterprise'),
      officer: await staff('samr.test-officer', 'SAMR', 'officer'),
      adminSame: await staff('samr.test-admin', 'SAMR', 'dept_admin'),
      adminOther: await staff('tax.test-admin', 'TAX', 'dept_admin'),
    };
    const stranger = await signedUp('citizen');
    strangersSession = (await stranger.get('/api/v1/me/sessions')).json().items[0].id;
  });
  after(async () => t.close());

  // Sign-up signs the caller in as the new account, so those rows come last, before sign-out.
  const matrix: [string, (c: TestClient) => ReturnType<TestClient['get']>, Record<Actor, number>][] = [
    [
      'POST /auth/signin (unknown login)',
      (c) => c.post('/api/v1/auth/signin', { login: 'nobody.here', password: 'wrong 123' }),
      everyone(401),
    ],
    ['GET /me', (c) => c.get('/api/v1/me'), signedInOnly(200)],
    ['GET /me/sessions', (c) => c.get('/api/v1/me/sessions'), signedInOnly(200)],
    [
      "DELETE /me/sessions/:id (someone else's)",
      (c) => c.delete(`/api/v1/me/sessions/${strangersSession}`),
      signedInOnly(404),
    ],
    ['POST /auth/signup/citizen', (c) => c.post('/api/v1/auth/signup/citizen', citizenBody()), everyone(201)],
    [
      'POST /auth/signup/enterprise',
      (c) => c.post('/api/v1/auth/signup/enterprise', enterpriseBody()),
      everyone(201),
    ],
    ['POST /auth/signout', (c) => c.post('/api/v1/auth/signout'), everyone(204)],
  ];

  for (const [name, call, expected] of matrix) {
    test(name, async () => {
      for (const actor of ACTORS) {
        const res = await call(cast[actor]);
        assert.equal(res.statusCode, expected[actor], `${actor}: ${res.body}`);
      }
    });
  }
});
