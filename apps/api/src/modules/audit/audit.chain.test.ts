import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { GENESIS_HASH } from './audit.chain.ts';
import { chainPending } from './audit.chainer.ts';
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
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 0, firstBrokenSeq: null, pending: 0 });
  });

  test('entries chain from 64 zeros, each holding the previous hash', async () => {
    for (let i = 0; i < 5; i++) await db.transaction().execute((tx) => appendAudit(tx, entry(i)));
    await chainPending(db);
    const { rows } = await sql<{ chain_seq: number; prev_hash: string; hash: string }>`
      SELECT chain_seq, prev_hash, hash FROM audit_entries ORDER BY chain_seq`.execute(db);
    assert.equal(rows.length, 5);
    assert.equal(rows[0]?.prev_hash, GENESIS_HASH);
    assert.deepEqual(
      rows.map((r) => r.chain_seq),
      [1, 2, 3, 4, 5],
    );
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]?.prev_hash, rows[i - 1]?.hash);
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 5, firstBrokenSeq: null, pending: 0 });
  });

  test('details survive jsonb exactly as hashed, whatever their key order or content', async () => {
    await db.transaction().execute((tx) =>
      appendAudit(tx, {
        ...entry(5),
        details: { z: 1, a: { y: [3, { d: null, c: 1e-7 }], b: 2 ** 53 }, nul: 'a\u0000b', big: 1e21 },
      }),
    );
    const { rows } = await sql<{ details: { nul: string } }>`
      SELECT details FROM audit_entries ORDER BY id DESC LIMIT 1`.execute(db);
    assert.equal(rows[0]?.details.nul, 'a\uFFFDb');
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 6, firstBrokenSeq: null, pending: 0 });
  });

  test('the table refuses UPDATE, DELETE and TRUNCATE of chained entries', async () => {
    await assert.rejects(sql`UPDATE audit_entries SET action = 'x'`.execute(db), /append-only/);
    await assert.rejects(sql`UPDATE audit_entries SET hash = repeat('b', 64)`.execute(db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_entries`.execute(db), /append-only/);
    await assert.rejects(sql`TRUNCATE audit_entries`.execute(db), /append-only/);
    assert.equal((await verifyAuditChain(db)).checked, 6);
  });

  test('an unchained entry: its content never changes, its chain fields are set once', async () => {
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        // Uncommitted, so no chainer can reach it: the trigger alone decides.
        const { id } = await appendAudit(tx, entry(50));
        const refused = (query: ReturnType<typeof sql>) => refusedIn(tx, query);
        await refused(sql`UPDATE audit_entries SET subject_id = 'forged' WHERE id = ${id}`);
        await refused(
          sql`UPDATE audit_entries SET subject_id = 'forged', chain_seq = 999, prev_hash = repeat('0', 64),
                hash = repeat('1', 64) WHERE id = ${id}`,
        );
        await sql`UPDATE audit_entries SET chain_seq = 999, prev_hash = repeat('0', 64), hash = repeat('1', 64)
              WHERE id = ${id}`.execute(tx);
        await refused(sql`UPDATE audit_entries SET chain_seq = 1000 WHERE id = ${id}`);
        throw new Error('undo');
      }),
      /undo/,
    );
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 6, firstBrokenSeq: null, pending: 0 });
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
    assert.deepEqual(v, { ok: true, checked: 7, firstBrokenSeq: null, pending: 0 });
  });

  test('a modified entry is detected at its seq', async () => {
    const seqs = await allSeqs(db);
    const target = seqs[2] as number;
    const v = await tampered(db, async (tx) => {
      await sql`UPDATE audit_entries SET details = jsonb_set(details, '{i}', '42') WHERE chain_seq = ${target}`.execute(
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
      await sql`UPDATE audit_entries SET hash = repeat('a', 64) WHERE chain_seq = ${target}`.execute(tx);
      return verifyAuditChain(tx);
    });
    assert.equal(v.firstBrokenSeq, target);
  });

  test('a deleted entry is detected at the entry after it', async () => {
    const seqs = await allSeqs(db);
    const v = await tampered(db, async (tx) => {
      await sql`DELETE FROM audit_entries WHERE chain_seq = ${seqs[3] as number}`.execute(tx);
      return verifyAuditChain(tx);
    });
    assert.equal(v.ok, false);
    assert.equal(v.firstBrokenSeq, seqs[4]);
    assert.match(v.reason ?? '', /link/);
  });

  test('deleting the first entry is detected', async () => {
    const seqs = await allSeqs(db);
    const v = await tampered(db, async (tx) => {
      await sql`DELETE FROM audit_entries WHERE chain_seq = ${seqs[0] as number}`.execute(tx);
      return verifyAuditChain(tx);
    });
    assert.equal(v.firstBrokenSeq, seqs[1]);
  });

  test('two reordered entries are detected at the first of them', async () => {
    const seqs = await allSeqs(db);
    const [a, b] = [seqs[1] as number, seqs[2] as number];
    const v = await tampered(db, async (tx) => {
      await sql`UPDATE audit_entries SET chain_seq = -1 WHERE chain_seq = ${a}`.execute(tx);
      await sql`UPDATE audit_entries SET chain_seq = ${a} WHERE chain_seq = ${b}`.execute(tx);
      await sql`UPDATE audit_entries SET chain_seq = ${b} WHERE chain_seq = -1`.execute(tx);
      return verifyAuditChain(tx);
    });
    assert.equal(v.ok, false);
    assert.equal(v.firstBrokenSeq, a);
  });

  test('after the tampering tests rolled back, the chain verifies again', async () => {
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 7, firstBrokenSeq: null, pending: 0 });
  });

  test('20 parallel transactions appending yield one valid chain once chained', async () => {
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
    assert.deepEqual(v, { ok: true, checked: before + 20, firstBrokenSeq: null, pending: 0 });
  });

  test('an appender does not wait for another one still open; the later commit gets the later place', async () => {
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((r) => {
      releaseFirst = r;
    });
    let firstAppended!: (id: number) => void;
    const firstId = new Promise<number>((r) => {
      firstAppended = r;
    });
    const first = db.transaction().execute(async (tx) => {
      firstAppended((await appendAudit(tx, entry(200))).id);
      await firstMayCommit;
    });
    const earlyId = await firstId;
    // With a lock held until commit, this transaction would wait for the first one and fail here.
    const second = await db.transaction().execute(async (tx) => {
      await sql`SET LOCAL lock_timeout = '5s'`.execute(tx);
      return appendAudit(tx, entry(201));
    });
    assert.ok(second.id > earlyId);
    await chainPending(db);
    releaseFirst();
    await first;
    await chainPending(db);
    const { rows } = await sql<{ id: number; chain_seq: number }>`
      SELECT id, chain_seq FROM audit_entries WHERE id IN (${earlyId}, ${second.id})`.execute(db);
    const place = new Map(rows.map((r) => [r.id, r.chain_seq]));
    assert.ok(
      (place.get(second.id) as number) < (place.get(earlyId) as number),
      'commit order, not id order',
    );
    const v = await verifyAuditChain(db);
    assert.equal(v.ok, true);
    assert.equal(v.pending, 0);
  });

  test('several chainers at once (several app processes) build one chain', async () => {
    const before = (await allSeqs(db)).length;
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) =>
        db.transaction().execute((tx) => appendAudit(tx, entry(300 + i))),
      ),
      ...Array.from({ length: 6 }, (_, i) => chainPending(db, i % 2 === 0)),
    ]);
    const v = await verifyAuditChain(db);
    assert.deepEqual(v, { ok: true, checked: before + 30, firstBrokenSeq: null, pending: 0 });
  });

  test("the app's own chainer chains new entries in the background", async () => {
    const { id } = await db.transaction().execute((tx) => appendAudit(tx, entry(400)));
    let chained: number | null = null;
    for (let i = 0; i < 500 && chained === null; i++) {
      const { rows } = await sql<{ chain_seq: number | null }>`
        SELECT chain_seq FROM audit_entries WHERE id = ${id}`.execute(db);
      chained = rows[0]?.chain_seq ?? null;
      if (chained === null) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(chained !== null, 'chained without anyone asking');
  });

  test('verification streams across batches and finds a break deep in a long chain', async () => {
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 2100; i++) await appendAudit(tx, entry(1000 + i));
    });
    const seqs = await allSeqs(db);
    const ok = await verifyAuditChain(db);
    assert.deepEqual(ok, { ok: true, checked: seqs.length, firstBrokenSeq: null, pending: 0 });
    const target = seqs[1700] as number;
    const v = await tampered(db, async (tx) => {
      await sql`UPDATE audit_entries SET personal_data = NOT personal_data WHERE chain_seq = ${target}`.execute(
        tx,
      );
      return verifyAuditChain(tx);
    });
    assert.equal(v.firstBrokenSeq, target);
    assert.equal(v.checked, 1700);
  });
});

/** Expects the statement to be refused as append-only, keeping the transaction usable. */
async function refusedIn(tx: Db, query: ReturnType<typeof sql>): Promise<void> {
  await sql`SAVEPOINT refused`.execute(tx);
  await assert.rejects(query.execute(tx), /append-only/);
  await sql`ROLLBACK TO SAVEPOINT refused`.execute(tx);
}

/** Chain positions, in order, after chaining everything committed. */
async function allSeqs(db: Db): Promise<number[]> {
  await chainPending(db);
  const { rows } = await sql<{ chain_seq: number }>`
    SELECT chain_seq FROM audit_entries ORDER BY chain_seq`.execute(db);
  return rows.map((r) => r.chain_seq);
}
