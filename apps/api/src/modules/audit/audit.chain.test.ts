import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { GENESIS_HASH } from './audit.chain.ts';
import { appendAudit, verifyAuditChain } from './index.ts';

const ROLLBACK = new Error('rollback');

/** Runs `fn` with the append-only trigger off, then rolls everything back so later tests see an intact chain. */
async function tampered<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await db
    .transaction()
    .execute(async (tx) => {
      await sql`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only`.execute(tx);
      result = await fn(tx);
      throw ROLLBACK;
    })
    .catch((err) => {
      if (err !== ROLLBACK) throw err;
    });
  return result as T;
}

const entry = (i: number) => ({
  actorId: `actor-${i % 3}`,
  actorKind: 'citizen' as const,
  action: 'test.append',
  subjectType: 'test',
  subjectId: `subject-${i}`,
  personalData: i % 2 === 0,
  details: { i, nested: { z: 'last', a: ['first', { y: 1, b: 2 }] }, text: '中文 ✓' },
});

describe('audit hash chain', () => {
  let t: TestApp;
  let db: Db;
  before(async () => {
    t = await createTestApp();
    db = t.app.platform.db;
  });
  after(async () => t.close());

  test('an empty log verifies', async () => {
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 0, firstBrokenSeq: null });
  });

  test('entries chain from 64 zeros, each holding the previous hash', async () => {
    for (let i = 0; i < 5; i++) await db.transaction().execute((tx) => appendAudit(tx, entry(i)));
    const { rows } = await sql<{ seq: number; prev_hash: string; hash: string }>`
      SELECT seq, prev_hash, hash FROM audit_entries ORDER BY seq`.execute(db);
    assert.equal(rows.length, 5);
    assert.equal(rows[0]?.prev_hash, GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]?.prev_hash, rows[i - 1]?.hash);
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 5, firstBrokenSeq: null });
  });

  test('details survive jsonb exactly as hashed, whatever their key order or content', async () => {
    await db.transaction().execute((tx) =>
      appendAudit(tx, {
        ...entry(5),
        details: { z: 1, a: { y: [3, { d: null, c: 1e-7 }], b: 2 ** 53 }, nul: 'a\u0000b', big: 1e21 },
      }),
    );
    const { rows } = await sql<{ details: { nul: string } }>`
      SELECT details FROM audit_entries ORDER BY seq DESC LIMIT 1`.execute(db);
    assert.equal(rows[0]?.details.nul, 'a\uFFFDb');
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 6, firstBrokenSeq: null });
  });

  test('the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    await assert.rejects(sql`UPDATE audit_entries SET action = 'x'`.execute(db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_entries`.execute(db), /append-only/);
    await assert.rejects(sql`TRUNCATE audit_entries`.execute(db), /append-only/);
    assert.equal((await verifyAuditChain(db)).checked, 6);
  });

  test('an entry rolled back with its transaction leaves no trace and the chain stays valid', async () => {
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await appendAudit(tx, entry(99));
        throw new Error('business failure');
      }),
      /business failure/,
    );
    await db.transaction().execute((tx) => appendAudit(tx, entry(6)));
    const v = await verifyAuditChain(db);
    assert.deepEqual(v, { ok: true, checked: 7, firstBrokenSeq: null });
  });

  test('a modified entry is detected at its seq', async () => {
    const seqs = await allSeqs(db);
    const target = seqs[2] as number;
    const v = await tampered(db, async (tx) => {
      await sql`UPDATE audit_entries SET details = jsonb_set(details, '{i}', '42') WHERE seq = ${target}`.execute(
        tx,
      );
      return verifyAuditChain(tx);
    });
    assert.equal(v.ok, false);
    assert.equal(v.firstBrokenSeq, target);
    assert.equal(v.checked, 2);
    assert.match(v.reason ?? '', /content/);
  });

  test('a modified hash is detected even when the content is untouched', async () => {
    const seqs = await allSeqs(db);
    const target = seqs[1] as number;
    const v = await tampered(db, async (tx) => {
      await sql`UPDATE audit_entries SET hash = repeat('a', 64) WHERE seq = ${target}`.execute(tx);
      return verifyAuditChain(tx);
    });
    assert.equal(v.firstBrokenSeq, target);
  });

  test('a deleted entry is detected at the entry after it', async () => {
    const seqs = await allSeqs(db);
    const v = await tampered(db, async (tx) => {
      await sql`DELETE FROM audit_entries WHERE seq = ${seqs[3] as number}`.execute(tx);
      return verifyAuditChain(tx);
    });
    assert.equal(v.ok, false);
    assert.equal(v.firstBrokenSeq, seqs[4]);
    assert.match(v.reason ?? '', /link/);
  });

  test('deleting the first entry is detected', async () => {
    const seqs = await allSeqs(db);
    const v = await tampered(db, async (tx) => {
      await sql`DELETE FROM audit_entries WHERE seq = ${seqs[0] as number}`.execute(tx);
      return verifyAuditChain(tx);
    });
    assert.equal(v.firstBrokenSeq, seqs[1]);
  });

  test('two reordered entries are detected at the first of them', async () => {
    const seqs = await allSeqs(db);
    const [a, b] = [seqs[1] as number, seqs[2] as number];
    const v = await tampered(db, async (tx) => {
      await sql`UPDATE audit_entries SET seq = -1 WHERE seq = ${a}`.execute(tx);
      await sql`UPDATE audit_entries SET seq = ${a} WHERE seq = ${b}`.execute(tx);
      await sql`UPDATE audit_entries SET seq = ${b} WHERE seq = -1`.execute(tx);
      return verifyAuditChain(tx);
    });
    assert.equal(v.ok, false);
    assert.equal(v.firstBrokenSeq, a);
  });

  test('after the tampering tests rolled back, the chain verifies again', async () => {
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 7, firstBrokenSeq: null });
  });

  test('20 parallel transactions appending still yield one valid chain in seq order', async () => {
    const before = (await allSeqs(db)).length;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          // Some work of the caller's own before the append, so the transactions overlap.
          await sql`SELECT pg_sleep(0.01)`.execute(tx);
          return appendAudit(tx, entry(100 + i));
        }),
      ),
    );
    const v = await verifyAuditChain(db);
    assert.deepEqual(v, { ok: true, checked: before + 20, firstBrokenSeq: null });
  });

  test('verification streams across batches and finds a break deep in a long chain', async () => {
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 2100; i++) await appendAudit(tx, entry(1000 + i));
    });
    const seqs = await allSeqs(db);
    const ok = await verifyAuditChain(db);
    assert.deepEqual(ok, { ok: true, checked: seqs.length, firstBrokenSeq: null });
    const target = seqs[1700] as number;
    const v = await tampered(db, async (tx) => {
      await sql`UPDATE audit_entries SET personal_data = NOT personal_data WHERE seq = ${target}`.execute(tx);
      return verifyAuditChain(tx);
    });
    assert.equal(v.firstBrokenSeq, target);
    assert.equal(v.checked, 1700);
  });
});

async function allSeqs(db: Db): Promise<number[]> {
  const { rows } = await sql<{ seq: number }>`SELECT seq FROM audit_entries ORDER BY seq`.execute(db);
  return rows.map((r) => r.seq);
}
