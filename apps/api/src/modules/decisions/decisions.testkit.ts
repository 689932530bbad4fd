import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { seedDemoIfEmpty } from '../../seed/demo.ts';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_PASSWORD } from '../identity/index.ts';

// Test support (not a test): the demo region, signed-in demo accounts, DMN files.

/** The real app on a fresh database with the demo region (and its decision tables). */
export async function decisionsApp(): Promise<TestApp> {
  const t = await createTestApp();
  await seedDemoIfEmpty(t.app.platform);
  return t;
}

/** A demo account signed in (staff `<dept>.admin`, `auditor`, or the citizen's ID number). */
export async function signIn(t: TestApp, login: string, locale: 'zh-CN' | 'en' = 'en'): Promise<TestClient> {
  const c = new TestClient(t.app, locale);
  const res = await c.post('/api/v1/auth/signin', { login, password: DEMO_PASSWORD });
  assert.equal(res.statusCode, 200, `sign-in of ${login}: ${res.body}`);
  return c;
}

/** A DMN 1.3 file as the Camunda modeler exports it: a FIRST table and a COLLECT SUM table. */
export const FIXTURE = readFileSync(new URL('./fixtures/hpf-withdrawal.dmn', import.meta.url), 'utf8');

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

/** A DMN 1.3 file around `body` (decisions and other DRG elements). */
export const dmn = (body: string, attrs = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${DMN13}" ${attrs} id="defs" name="t" namespace="http://camunda.org/schema/1.0/dmn">${body}</definitions>`;

/** A one-input, one-output decision table. */
export const decision = (id: string, extra = '', tableAttrs = 'hitPolicy="FIRST"') => `
  <decision id="${id}" name="决策 ${id}">${extra}
    <decisionTable id="${id}_table" ${tableAttrs}>
      <input id="${id}_in" label="分数"><inputExpression id="${id}_ie" typeRef="number"><text>score</text></inputExpression></input>
      <output id="${id}_out" name="grade" typeRef="string" />
      <rule id="${id}_r1"><inputEntry id="${id}_e1"><text>&gt;= 60</text></inputEntry><outputEntry id="${id}_o1"><text>"pass"</text></outputEntry></rule>
    </decisionTable>
  </decision>`;
