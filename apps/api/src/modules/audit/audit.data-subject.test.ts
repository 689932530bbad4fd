import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { canonicalJson, entryDigest } from './audit.chain.ts';
import { chainPending } from './audit.chainer.ts';
import { appendAudit, listDataSubjectEntries, verifyAuditChain } from './index.ts';

const citizen = '01900000-0000-7000-8000-000000000001';
const officer = '01900000-0000-7000-8000-000000000002';

const read = (i: number, dataSubjectId?: string, purpose?: string) => ({
  actorId: officer,
  actorKind: 'staff' as const,
  action: 'case.read',
  subjectType: 'application',
  subjectId: `case-${i}`,
  personalData: true,
  details: { i },
  ...(dataSubjectId ? { dataSubjectId } : {}),
  ...(purpose ? { purpose } : {}),
});

describe('audit entries naming a data subject ("who used my data")', () => {
  let t: TestApp;
  let db: Db;
  before(async () => {
    t = await createTestApp();
    db = t.app.platform.db;
  });
  after(async () => t.close());

  test('an entry without a data subject hashes exactly as entries did before the fields existed', () => {
    const fields = {
      at: '2026-01-01T00:00:00.000Z',
      actorId: officer,
      actorKind: 'staff',
      action: 'case.read',
      subjectType: 'application',
      subjectId: 'x',
      personalData: true,
      details: { a: 1 },
    };
    const before = canonicalJson({ v: 1, ...fields });
    assert.equal(
      entryDigest(fields),
      entryDigest({ ...fields, dataSubjectId: undefined, purpose: undefined }),
    );
    assert.notEqual(entryDigest(fields), entryDigest({ ...fields, dataSubjectId: citizen }));
    assert.match(before, /^\{"action":"case.read"/);
  });

  test('old-format and new entries verify together; changing the data subject or purpose breaks the chain', async () => {
    await db.transaction().execute((tx) => appendAudit(tx, read(1)));
    await db.transaction().execute((tx) => appendAudit(tx, read(2, citizen, 'case.review')));
    await db.transaction().execute((tx) => appendAudit(tx, read(3)));
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 3, firstBrokenSeq: null, pending: 0 });
    // The trigger refuses the change outright; with it off (tampering) verification finds it.
    await assert.rejects(
      sql`UPDATE audit_entries SET purpose = 'x' WHERE chain_seq = 2`.execute(db),
      /append-only/,
    );
    await db
      .transaction()
      .execute(async (tx) => {
        await sql`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only`.execute(tx);
        await sql`UPDATE audit_entries SET data_subject_id = NULL WHERE chain_seq = 2`.execute(tx);
        const v = await verifyAuditChain(tx);
        assert.equal(v.ok, false);
        assert.equal(v.firstBrokenSeq, 2);
        throw new Error('rollback');
      })
      .catch((err: Error) => assert.equal(err.message, 'rollback'));
  });

  test("a subject's entries list newest first, without the subject's own actions, paged", async () => {
    await db.transaction().execute((tx) => appendAudit(tx, read(4, citizen, 'case.review')));
    await db.transaction().execute((tx) =>
      appendAudit(tx, {
        ...read(5, citizen),
        actorId: citizen,
        actorKind: 'citizen',
        action: 'profile.read',
      }),
    );
    await db.transaction().execute((tx) => appendAudit(tx, read(6, officer)));
    await chainPending(db);
    const first = await listDataSubjectEntries(db, citizen, { limit: 1 });
    assert.deepEqual(
      first.items.map((e) => [e.subjectId, e.dataSubjectId, e.purpose]),
      [['case-4', citizen, 'case.review']],
    );
    assert.ok(first.nextCursor);
    const rest = await listDataSubjectEntries(db, citizen, { limit: 10, cursor: first.nextCursor });
    assert.deepEqual(
      rest.items.map((e) => e.subjectId),
      ['case-2'],
    );
    assert.equal(rest.nextCursor, null);
  });
});
