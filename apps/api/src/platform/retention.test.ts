import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { retentionCategories, retentionPass } from '../app.ts';
import { demoApp, demoCitizen, PDF, readyHpfDraft, upload } from '../testing/demo.ts';
import type { TestApp, TestClient } from '../testing/harness.ts';
import { cutoffFor } from './retention.ts';

const DAY = 86_400_000;

describe('retention periods', () => {
  test('ISO 8601 durations and day counts give the cutoff in UTC calendar arithmetic', () => {
    const at = new Date('2026-03-31T12:00:00Z');
    assert.equal(cutoffFor('P1M', at).toISOString(), '2026-02-28T12:00:00.000Z');
    assert.equal(cutoffFor('P30Y', at).toISOString(), '1996-03-31T12:00:00.000Z');
    assert.equal(cutoffFor('P1DT12H', at).toISOString(), '2026-03-30T00:00:00.000Z');
    assert.equal(cutoffFor('P2W', at).toISOString(), '2026-03-17T12:00:00.000Z');
    assert.equal(cutoffFor(90, at).toISOString(), '2025-12-31T12:00:00.000Z');
    for (const bad of ['P', 'PT', '30D', 'P1.5D', -1])
      assert.throws(() => cutoffFor(bad, at), bad.toString());
  });
});

describe('the retention job', () => {
  let t: TestApp;
  let citizen: TestClient;
  let citizenId: string;
  const db = () => t.database.db;
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  const one = async <T>(q: { execute(db: unknown): Promise<{ rows: T[] }> }) =>
    (await q.execute(db())).rows[0];

  before(async () => {
    t = await demoApp();
    citizen = await demoCitizen(t.app);
    citizenId = (await citizen.get('/api/v1/me')).json().account.id;
  });
  after(() => t.close());

  test('deletes or anonymises exactly what expired, and audits each category once', async () => {
    const idNumber = (await citizen.get('/api/v1/me')).json().profile.idNumber;
    // Drafts: one untouched for 200 days, one from today.
    const oldDraft = await readyHpfDraft(citizen, idNumber);
    const newDraft = await readyHpfDraft(citizen, idNumber);
    // A scan only the old draft has (the demo drafts share one PDF, stored once), uploaded two days ago.
    const onlyOld = Buffer.concat([PDF, Buffer.from(`\n% only in ${oldDraft}\n`)]);
    const onlyOldSha = createHash('sha256').update(onlyOld).digest('hex');
    assert.equal(
      (await upload(citizen, oldDraft, 'reason_proof', { name: 'proof.pdf', bytes: onlyOld })).statusCode,
      201,
    );
    await sql`UPDATE platform_files SET created_at = ${ago(2)}`.execute(db());
    const filePath = (sha: string) => t.app.platform.files.pathOf(sha);
    assert.ok(existsSync(filePath(onlyOldSha)));
    await sql`UPDATE applications_applications SET updated_at = ${ago(200)} WHERE id = ${oldDraft}`.execute(
      db(),
    );
    // Closed cases: two instant approvals, one decided 31 years ago.
    const approved: string[] = [];
    for (let i = 0; i < 2; i++) {
      const id = await readyHpfDraft(citizen, idNumber, '张明', true);
      const res = await citizen.post(`/api/v1/applications/${id}/submit`);
      assert.equal(res.json().status, 'approved', res.body);
      approved.push(id);
    }
    const [oldCase, newCase] = approved as [string, string];
    await sql`UPDATE applications_applications SET decided_at = ${ago(31 * 366)} WHERE id = ${oldCase}`.execute(
      db(),
    );
    const oldNumber = (await one<{ case_number: string }>(
      sql`SELECT case_number FROM applications_applications WHERE id = ${oldCase}`,
    ))!.case_number;
    // Notifications: one read 100 days ago, one read yesterday, the rest unread.
    while ((await t.app.platform.outbox.drain()) > 0);
    const { rows: messages } = await sql<{ id: string }>`
      SELECT id FROM notifications_messages WHERE recipient_account_id = ${citizenId} ORDER BY id`.execute(
      db(),
    );
    assert.ok(messages.length >= 2, 'the approvals were notified');
    await sql`UPDATE notifications_messages SET read_at = ${ago(100)} WHERE id = ${messages[0]!.id}`.execute(
      db(),
    );
    await sql`UPDATE notifications_messages SET read_at = ${ago(1)} WHERE id = ${messages[1]!.id}`.execute(
      db(),
    );
    // Sessions: two more sign-ins, one signed out 40 days ago, one idle since 40 days; the test's own stays.
    await demoCitizen(t.app);
    await demoCitizen(t.app);
    const { rows: sessions } = await sql<{
      id: string;
    }>`SELECT id FROM identity_sessions ORDER BY id DESC LIMIT 2`.execute(db());
    await sql`UPDATE identity_sessions SET revoked_at = ${ago(40)} WHERE id = ${sessions[0]!.id}`.execute(
      db(),
    );
    await sql`UPDATE identity_sessions SET last_seen_at = ${ago(40)} WHERE id = ${sessions[1]!.id}`.execute(
      db(),
    );
    // Platform: idempotency records and delivered events, some old.
    await sql`UPDATE platform_idempotency SET created_at = ${ago(2)}
      WHERE ctid IN (SELECT ctid FROM platform_idempotency LIMIT 1)`.execute(db());
    await sql`UPDATE platform_outbox SET processed_at = ${ago(8)}, created_at = ${ago(8)}
      WHERE id IN (SELECT id FROM platform_outbox WHERE status = 'done' ORDER BY id LIMIT 3)`.execute(db());
    const expiredIdem = Number(
      (
        await one<{ n: number }>(
          sql`SELECT count(*) AS n FROM platform_idempotency WHERE created_at < ${ago(1)}`,
        )
      )?.n,
    );
    const expiredOutbox = Number(
      (
        await one<{ n: number }>(
          sql`SELECT count(*) AS n FROM platform_outbox
          WHERE status = 'done' AND coalesce(processed_at, created_at) < ${ago(7)}`,
        )
      )?.n,
    );
    assert.ok(expiredOutbox >= 3);

    const reports = await retentionPass(t.app.platform);
    const counts: Record<string, number[]> = Object.fromEntries(
      reports.map((r) => [r.category, [r.deleted, r.anonymised]]),
    );
    assert.deepEqual(counts, {
      'platform.idempotency': [expiredIdem, 0],
      'platform.outbox': [expiredOutbox, 0],
      'identity.sessions': [2, 0],
      'applications.drafts': [1, 0],
      'applications.closedCases': [0, 1],
      'notifications.read': [1, 0],
      // The old draft's own scan; the shared one stays, the new draft still uses it.
      'platform.files': [1, 0],
    });
    assert.equal(existsSync(filePath(onlyOldSha)), false, 'the bytes are gone from the file store');
    const shared = createHash('sha256').update(PDF).digest('hex');
    assert.ok(existsSync(filePath(shared)));

    // The old draft is gone with its materials; the new one is untouched.
    assert.equal((await citizen.get(`/api/v1/applications/${oldDraft}`)).statusCode, 404);
    assert.equal(
      (await citizen.get(`/api/v1/applications/${newDraft}`)).json().formData.applicant.name,
      '张明',
    );
    const leftMaterials = await one<{ n: number }>(
      sql`SELECT count(*) AS n FROM applications_materials WHERE application_id = ${oldDraft}`,
    );
    assert.equal(Number(leftMaterials?.n), 0);
    // The old case keeps its number, item, dates and decision; the person and the answers are gone.
    const anon = await one<Record<string, string>>(
      sql`SELECT applicant_id, applicant_name, item_code, status, case_number, decided_at, form_data_enc
        FROM applications_applications WHERE id = ${oldCase}`,
    );
    assert.equal(anon?.case_number, oldNumber);
    assert.equal(anon?.status, 'approved');
    assert.equal(anon?.item_code, 'HPF-WD');
    assert.ok(anon?.decided_at);
    assert.equal(anon?.applicant_name, '');
    assert.equal(anon?.applicant_id, '00000000-0000-0000-0000-000000000000');
    assert.deepEqual(JSON.parse(t.app.platform.fields.decrypt(anon?.form_data_enc ?? '')), {});
    assert.equal((await citizen.get(`/api/v1/applications/${oldCase}`)).statusCode, 404);
    assert.equal(
      (await citizen.get(`/api/v1/applications/${newCase}`)).json().formData.applicant.idNumber,
      idNumber,
    );
    // The workflow's copy of the answers and the stored decision trace forget the applicant too
    // (application.anonymised), the other case's keep theirs.
    while ((await t.app.platform.outbox.drain()) > 0);
    const instanceOf = (caseId: string) =>
      one<{ variables_enc: string; title: { applicantName: string } }>(
        sql`SELECT variables_enc, title FROM workflow_instances WHERE business_key = ${caseId}`,
      );
    const forgotten = await instanceOf(oldCase);
    assert.deepEqual(JSON.parse(t.app.platform.fields.decrypt(forgotten!.variables_enc)), {});
    assert.equal(forgotten!.title.applicantName, '');
    assert.notEqual((await instanceOf(newCase))!.title.applicantName, '');
    const traceOf = async (caseId: string) => {
      const row = await one<{ trace_enc: string; context_enc: string }>(
        sql`SELECT trace_enc, context_enc FROM decisions_evaluations WHERE subject_id = ${caseId}`,
      );
      return {
        trace: JSON.parse(t.app.platform.fields.decrypt(row!.trace_enc)) as {
          inputs: { value: unknown }[];
          matched: string[];
        },
        context: JSON.parse(t.app.platform.fields.decrypt(row!.context_enc)),
      };
    };
    const oldTrace = await traceOf(oldCase);
    assert.ok(oldTrace.trace.inputs.length > 0);
    assert.ok(
      oldTrace.trace.inputs.every((i) => i.value === null),
      'no input value is kept',
    );
    assert.deepEqual(oldTrace.context, {});
    assert.ok(oldTrace.trace.matched.length > 0, 'which rules decided is kept');
    assert.ok((await traceOf(newCase)).trace.inputs.some((i) => i.value !== null));
    // Read-yesterday and unread messages stay; sessions in use stay (the citizen is still signed in).
    assert.equal(
      Number(
        (
          await one<{ n: number }>(
            sql`SELECT count(*) AS n FROM notifications_messages WHERE id = ${messages[1]!.id}`,
          )
        )?.n,
      ),
      1,
    );
    assert.equal((await citizen.get('/api/v1/me')).statusCode, 200);

    // One audit entry per category, with what it did.
    const { rows: audits } = await sql<{ subject_id: string; details: Record<string, unknown> }>`
      SELECT subject_id, details FROM audit_entries WHERE action = 'retention.run' ORDER BY id`.execute(db());
    assert.deepEqual(
      audits.map((a) => a.subject_id),
      retentionCategories.map((c) => c.category),
    );
    for (const a of audits) {
      const r = reports.find((x) => x.category === a.subject_id);
      assert.deepEqual([a.details.deleted, a.details.anonymised], [r?.deleted, r?.anonymised]);
      assert.equal(typeof a.details.cutoff, 'string');
    }

    // A second run finds nothing more to do (the anonymised case is not counted again).
    const again = await retentionPass(t.app.platform);
    assert.deepEqual(
      again.filter((r) => r.category.startsWith('applications.') || r.category === 'notifications.read'),
      again
        .filter((r) => r.category.startsWith('applications.') || r.category === 'notifications.read')
        .map((r) => ({ ...r, deleted: 0, anonymised: 0 })),
    );
  });
});
