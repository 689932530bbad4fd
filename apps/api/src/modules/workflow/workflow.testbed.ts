import assert from 'node:assert/strict';
import { inTransaction } from '../../platform/db.ts';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { createAccount } from '../identity/index.ts';
import { assignRole, getDepartmentByCode, seedDemoOrg } from '../org/index.ts';
import { seedDemoWorkflows } from './workflow.seed.ts';
import { type StartProcessInput, startProcess } from './workflow.service.ts';

/** Test support (not a test): a fresh app with the demo org and processes, officers signed in. */
export const PASSWORD = 'Tongban@2026-test';

export interface Officer {
  id: string;
  client: TestClient;
}

export interface Testbed {
  t: TestApp;
  departmentId(code: string): Promise<string>;
  /** Creates a staff account holding `roles` ([department code, role]) and signs it in. */
  officer(username: string, roles: [string, string][]): Promise<Officer>;
  /** Starts a process the way applications does on submit (in its own transaction here). */
  start(
    processKey: string,
    ownerCode: string,
    variables?: Record<string, unknown>,
    extra?: Partial<StartProcessInput>,
  ): Promise<{ instanceId: string; dueAt: string; businessKey: string }>;
  close(): Promise<void>;
}

let caseCounter = 0;

export async function workflowTestbed(): Promise<Testbed> {
  const t = await createTestApp();
  const db = t.app.platform.db;
  await seedDemoOrg(db);
  await seedDemoWorkflows(db);
  const departmentId = async (code: string) => {
    const dept = await getDepartmentByCode(db, code);
    assert.ok(dept, `department ${code}`);
    return dept.id;
  };
  return {
    t,
    departmentId,
    async officer(username, roles) {
      const { id } = await createAccount(db, {
        kind: 'staff',
        username,
        name: `officer ${username}`.slice(0, 30),
        password: PASSWORD,
      });
      for (const [code, role] of roles) {
        await assignRole(db, { accountId: id, departmentId: await departmentId(code), role: role as never });
      }
      const client = new TestClient(t.app);
      const res = await client.post('/api/v1/auth/signin', { login: username, password: PASSWORD });
      assert.equal(res.statusCode, 200, res.body);
      return { id, client };
    },
    async start(processKey, ownerCode, variables = {}, extra = {}) {
      caseCounter += 1;
      const businessKey = crypto.randomUUID();
      const ownerDepartmentId = await departmentId(ownerCode);
      const started = await inTransaction(db, (tx) =>
        startProcess(tx, {
          processKey,
          businessKey,
          regionCode: '339000',
          ownerDepartmentId,
          variables,
          title: {
            caseNumber: `MH2026-${String(caseCounter).padStart(6, '0')}`,
            itemNameZh: '测试事项',
            itemNameEn: 'Test item',
            applicantName: '张明',
          },
          ...extra,
        }),
      );
      return { ...started, businessKey };
    },
    close: () => t.close(),
  };
}

/** The officer's inbox rows for one case. */
export async function inboxFor(officer: Officer, businessKey: string) {
  const res = await officer.client.get('/api/v1/tasks?view=inbox&limit=100');
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().items as { id: string; caseId: string; stepNameEn: string; status: string }[]).filter(
    (i) => i.caseId === businessKey,
  );
}

/** Approves (or otherwise completes) the only open task of `businessKey` in the officer's inbox. */
export async function completeOnly(
  officer: Officer,
  businessKey: string,
  outcome = 'approve',
  note?: string,
) {
  const items = await inboxFor(officer, businessKey);
  assert.equal(items.length, 1, `exactly one task for the officer, got ${JSON.stringify(items)}`);
  const res = await officer.client.post(`/api/v1/tasks/${items[0]!.id}/complete`, {
    outcome,
    ...(note ? { note } : {}),
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}
