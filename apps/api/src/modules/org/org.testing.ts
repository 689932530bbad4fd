import { creditCodeCheckChar, residentIdCheckChar } from '@tongban/contracts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { createAccount } from '../identity/index.ts';
import { assignRole, getDepartmentByCode, seedDemoOrg } from './index.ts';

const PASSWORD = 'Tongban@2026';
let n = 0;

async function signedIn(t: TestApp, login: string): Promise<TestClient> {
  const client = new TestClient(t.app);
  const res = await client.post('/api/v1/auth/signin', { login, password: PASSWORD });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${login} failed: ${res.body}`);
  return client;
}

export async function newStaff(
  t: TestApp,
  roles: [departmentCode: string, role: 'officer' | 'dept_admin'][] = [],
) {
  const db = t.app.platform.db;
  const username = `staff${++n}.${process.pid}`;
  const { id } = await createAccount(db, { kind: 'staff', username, name: `职员${n}`, password: PASSWORD });
  for (const [code, role] of roles) {
    await assignRole(db, { accountId: id, departmentId: (await getDepartmentByCode(db, code))!.id, role });
  }
  return { id, username, signIn: () => signedIn(t, username) };
}

/**
 * The cast of a permission matrix, signed in over HTTP: anonymous, a citizen, an enterprise, a
 * SAMR officer, SAMR's dept_admin and TAX's dept_admin (the demo org is seeded first).
 */
export async function castOfActors(t: TestApp) {
  const db = t.app.platform.db;
  await seedDemoOrg(db);
  const id17 = `33900119900315${String(++n).padStart(3, '0')}`;
  const idNumber = id17 + residentIdCheckChar(id17);
  await createAccount(db, {
    kind: 'citizen',
    name: '孙小美',
    idNumber,
    phone: '13800000001',
    password: PASSWORD,
  });
  const cc17 = `91339000MA${String(++n).padStart(7, '0')}`;
  const creditCode = cc17 + creditCodeCheckChar(cc17);
  await createAccount(db, {
    kind: 'enterprise',
    companyName: '明湖权限测试有限公司',
    creditCode,
    legalRepName: '周权限',
    phone: '13800000002',
    password: PASSWORD,
  });
  return {
    anonymous: new TestClient(t.app),
    citizen: await signedIn(t, idNumber),
    enterprise: await signedIn(t, creditCode),
    officer: await (await newStaff(t, [['SAMR', 'officer']])).signIn(),
    adminSame: await (await newStaff(t, [['SAMR', 'dept_admin']])).signIn(),
    adminOther: await (await newStaff(t, [['TAX', 'dept_admin']])).signIn(),
  };
}
export type Cast = Awaited<ReturnType<typeof castOfActors>>;
export const ACTORS = ['anonymous', 'citizen', 'enterprise', 'officer', 'adminSame', 'adminOther'] as const;
