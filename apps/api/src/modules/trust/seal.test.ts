import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import { demoApp, demoCitizen, newCitizen, readyHpfDraft, signIn } from '../../testing/demo.ts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { readEmbeddedSignature, sealDocument, verifySealOffline } from './index.ts';

describe('sealed decisions (电子签章)', () => {
  let t: TestApp;
  let citizen: TestClient;
  before(async () => {
    t = await demoApp();
    citizen = await demoCitizen(t.app);
  });
  after(async () => t.close());

  const deliver = async () => {
    for (let n = await t.app.platform.outbox.drain(); n > 0; n = await t.app.platform.outbox.drain());
  };
  const complete = async (officer: TestClient, caseId: string, outcome: string, note?: string) => {
    const task = (await officer.get(`/api/v1/cases/${caseId}`)).json().openTask;
    assert.ok(task, 'the officer has an open task on the case');
    const res = await officer.post(`/api/v1/tasks/${task.taskId}/complete`, {
      outcome,
      ...(note ? { note } : {}),
    });
    assert.equal(res.statusCode, 200, res.body);
    await deliver();
  };
  const submit = async (c: TestClient, idNumber: string, name?: string, instant = false) => {
    const id = await readyHpfDraft(c, idNumber, name, instant);
    assert.equal((await c.post(`/api/v1/applications/${id}/submit`)).statusCode, 200);
    await deliver();
    return id;
  };
  const notice = (c: TestClient, caseId: string) =>
    c.get(`/api/v1/applications/${caseId}/decision-notice.pdf`);
  const jwks = async (owner: string) =>
    (await new TestClient(t.app).get(`/api/v1/trust/jwks/${owner}`)).json();
  const seals = async (caseId: string) =>
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM trust_sealed_documents WHERE kind = 'decision' AND ref = ${caseId}`.execute(
        t.app.platform.db,
      )
    ).rows[0]?.n;

  test('an instant approval is sealed by the department; the applicant downloads the notice, which verifies offline', async () => {
    const caseId = await submit(citizen, DEMO_CITIZEN_ID, '张明', true);
    assert.equal((await citizen.get(`/api/v1/applications/${caseId}`)).json().status, 'approved');

    const res = await notice(citizen, caseId);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /attachment; filename\*=UTF-8''.*\.pdf/);
    const pdf = res.rawPayload;
    const doc = await PDFDocument.load(pdf);
    assert.equal(doc.getPageCount(), 1);
    assert.match(doc.getTitle() ?? '', /^准予行政许可决定书 /);

    const { fileName, jws } = await readEmbeddedSignature(pdf);
    assert.equal(fileName, 'decision.seal.jws');
    const payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString());
    assert.equal(payload.kind, 'decision');
    assert.equal(payload.ref, caseId);
    assert.equal(payload.content.decision, 'approved');
    assert.equal(payload.content.item.code, 'HPF-WD');
    assert.equal(payload.content.reason, null);
    const result = verifySealOffline(jws, await jwks(payload.content.department.id));
    assert.equal(result.verified, true, JSON.stringify(result.checks));
    assert.deepEqual(
      result.checks.map((c) => c.check),
      ['format', 'issuerKey', 'signature', 'digest'],
    );

    // `npm run licence:verify-pdf` checks the notice's seal with the keys fetched from the platform.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tongban-seal-')), 'notice.pdf');
    writeFileSync(file, pdf);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const cli = path.resolve(import.meta.dirname, '../../cli/verify-pdf.ts');
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      cli,
      file,
      '--url',
      url,
    ]);
    assert.match(stdout, /^Decision notice sealed by /);
    assert.match(stdout, /\nVERIFIED\n/);
    rmSync(path.dirname(file), { recursive: true, force: true });

    // The sealing was audited, and the handler running again seals nothing more.
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entries
      WHERE action = 'trust.seal' AND subject_id = ${caseId}`.execute(t.app.platform.db);
    assert.equal(audited.rows[0]?.n, 1);
    await sql`UPDATE platform_outbox SET status = 'pending' WHERE handler = 'trust.sealDecision'`.execute(
      t.app.platform.db,
    );
    await deliver();
    assert.equal(await seals(caseId), 1);
  });

  test('a rejection is sealed with its reason; staff of the department may read it, others may not', async () => {
    const { client: other, idNumber, name } = await newCitizen(t.app, 41);
    const caseId = await submit(other, idNumber, name);
    assert.equal(
      (await notice(other, caseId)).json().error.code,
      'TRUST_DECISION_NOTICE_NOT_FOUND',
      'not decided yet',
    );
    await complete(await signIn(t.app, 'hpf.window'), caseId, 'approve');
    await complete(await signIn(t.app, 'hpf.officer'), caseId, 'reject', '提取原因不符合规定');

    const res = await notice(other, caseId);
    assert.equal(res.statusCode, 200, res.body);
    const { jws } = await readEmbeddedSignature(res.rawPayload);
    const content = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).content;
    assert.equal(content.decision, 'rejected');
    assert.equal(content.reason, '提取原因不符合规定');
    assert.match((await PDFDocument.load(res.rawPayload)).getTitle() ?? '', /^不予行政许可决定书 /);

    assert.equal(
      (await notice(await signIn(t.app, 'hpf.officer'), caseId)).statusCode,
      200,
      'staff of the department',
    );
    assert.equal((await notice(citizen, caseId)).statusCode, 404, "someone else's case looks absent");
    assert.equal(
      (await notice(await signIn(t.app, 'samr.officer'), caseId)).statusCode,
      403,
      'other department',
    );
    assert.equal((await notice(new TestClient(t.app), caseId)).statusCode, 401);
  });

  test('a seal whose content or signature was changed does not verify', async () => {
    const ctx = t.app.platform;
    const owner = (await citizen.get('/api/v1/departments?limit=1')).json().items?.[0]?.id as string;
    assert.ok(owner);
    const sealed = await sealDocument(ctx, ctx.db, {
      owner,
      kind: 'licence',
      ref: 'seal-test-1',
      content: { number: 'X-1', holder: '张明' },
    });
    const again = await sealDocument(ctx, ctx.db, {
      owner,
      kind: 'licence',
      ref: 'seal-test-1',
      content: { other: 1 },
    });
    assert.equal(again.jws, sealed.jws, 'sealing is once per document');
    const keys = await jwks(owner);
    assert.equal(verifySealOffline(sealed.jws, keys).verified, true);

    const [h, p, s] = sealed.jws.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.content.holder = '李四';
    const altered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const result = verifySealOffline(altered, keys);
    assert.equal(result.verified, false);
    assert.deepEqual(result.checks.find((c) => c.check === 'signature')?.passed, false);
    assert.equal(verifySealOffline(sealed.jws, { keys: [] }).verified, false, 'an unknown key');
  });
});
