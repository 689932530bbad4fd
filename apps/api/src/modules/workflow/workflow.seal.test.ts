import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { demoApp, demoCitizen, readyHpfDraft, signIn } from '../../testing/demo.ts';
import type { TestApp } from '../../testing/harness.ts';
import { sealLegacyVariables } from './workflow.seal.ts';

// The instance variables are the applicant's answers: sealed at rest, never plain in the table.
describe('workflow instance variables at rest', () => {
  let t: TestApp;
  before(async () => {
    t = await demoApp();
  });
  after(() => t.close());

  const instanceOf = async (caseId: string) =>
    (
      await sql<{ id: string; variables: Record<string, unknown>; variables_enc: string | null }>`
        SELECT id, variables, variables_enc FROM workflow_instances WHERE business_key = ${caseId}`.execute(
        t.database.db,
      )
    ).rows[0];

  test('are sealed; a row written before sealing still routes and is sealed by the sweep', async () => {
    const citizen = await demoCitizen(t.app);
    const idNumber = (await citizen.get('/api/v1/me')).json().profile.idNumber as string;
    const caseId = await readyHpfDraft(citizen, idNumber, '赵六');
    assert.equal((await citizen.post(`/api/v1/applications/${caseId}/submit`)).statusCode, 200);
    const row = await instanceOf(caseId);
    assert.ok(row, 'the case started a process');
    assert.deepEqual(row.variables, {});
    assert.ok(row.variables_enc?.startsWith(`v2.${t.app.platform.fields.activeKeyId}.`));
    for (const plain of [idNumber, '赵六', '13800138000']) assert.ok(!row.variables_enc?.includes(plain));
    const variables = JSON.parse(t.app.platform.fields.decrypt(row.variables_enc ?? ''));

    // As a row from before this change: plain answers, nothing sealed.
    await sql`UPDATE workflow_instances SET variables = ${JSON.stringify(variables)}::jsonb, variables_enc = NULL
      WHERE id = ${row.id}`.execute(t.database.db);
    // The window officer accepts: the engine reads the (plain) variables to route onwards.
    const window = await signIn(t.app, 'hpf.window');
    const view = (await window.get(`/api/v1/cases/${caseId}`)).json();
    assert.equal(view.openTask?.role, 'window');
    const done = await window.post(`/api/v1/tasks/${view.openTask.taskId}/complete`, { outcome: 'approve' });
    assert.equal(done.statusCode < 300, true, done.body);
    const next = (await (await signIn(t.app, 'hpf.officer')).get(`/api/v1/cases/${caseId}`)).json();
    assert.equal(next.openTask?.role, 'officer');
    // The start-up sweep seals what is still plain.
    assert.equal(await sealLegacyVariables(t.database.db, t.app.platform.fields), 1);
    const swept = await instanceOf(caseId);
    assert.deepEqual(swept?.variables, {});
    assert.deepEqual(JSON.parse(t.app.platform.fields.decrypt(swept?.variables_enc ?? '')), variables);
    assert.equal(await sealLegacyVariables(t.database.db, t.app.platform.fields), 0);
  });
});
