import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  ConsistencyProof,
  InclusionProof,
  Jwks,
  LogEntriesPage,
  LogEntry,
  SignedTreeHead,
} from '@tongban/contracts';
import { sql } from 'kysely';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { appendAudit, verifyAuditChain } from '../audit/index.ts';
import {
  appendToLog,
  auditCheckpointPass,
  leafHashOf,
  sequenceLog,
  verifyConsistency,
  verifyInclusion,
} from './index.ts';
import { merkleTreeHash } from './log.merkle.ts';
import { verifyTreeHead } from './log.verifier.ts';

const b64 = (s: string) => Buffer.from(s, 'base64');

describe('transparency log', () => {
  let t: TestApp;
  let web: TestClient;
  const get = async <T>(url: string, status = 200): Promise<T> => {
    const res = await web.get(url);
    assert.equal(res.statusCode, status, res.body);
    return res.json() as T;
  };
  /** Every entry, read back from the public API. */
  async function allEntries(): Promise<LogEntry[]> {
    const sth = await get<SignedTreeHead>('/api/v1/trust/log/sth');
    const out: LogEntry[] = [];
    let start: number | null = 0;
    const size = Number(
      (await sql<{ n: number }>`SELECT count(*) AS n FROM translog_leaves`.execute(t.app.platform.db)).rows[0]
        ?.n,
    );
    while (start !== null && start < size) {
      const page: LogEntriesPage = await get(`/api/v1/trust/log/entries?start=${start}&end=${size - 1}`);
      out.push(...page.entries);
      start = page.nextStart;
    }
    assert.ok(sth);
    return out;
  }
  /** Moves the clock past the tree-head interval so the next /sth signs the current size. */
  function laterClock() {
    t.clock.now = new Date(t.app.platform.now().getTime() + (t.config.translogSthMaxAgeSeconds + 1) * 1000);
  }

  before(async () => {
    t = await createTestApp();
    web = new TestClient(t.app);
  });
  after(async () => t.close());

  const count = async (table: 'translog_leaves' | 'translog_pending') =>
    Number(
      (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.app.platform.db))
        .rows[0]?.n,
    );

  test('an append rolled back with its transaction leaves nothing; a committed one is in the tree after sequencing', async () => {
    const db = t.app.platform.db;
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await appendToLog(tx, { kind: 'test.rollback', ref: 'r', entry: { n: 1 } });
        throw new Error('business rule failed after the append');
      }),
      /business rule failed/,
    );
    await sequenceLog(db);
    assert.equal(await count('translog_leaves'), 0);
    assert.equal(await count('translog_pending'), 0);
    const kept = await db
      .transaction()
      .execute((tx) => appendToLog(tx, { kind: 'test.kept', ref: 'k', entry: {} }));
    await sequenceLog(db);
    const [leaf] = await allEntries();
    assert.equal(leaf?.index, 0);
    assert.equal(leaf?.leafHash, kept.leafHash);
    assert.equal(await count('translog_pending'), 0);
  });

  test('an append does not wait for another open transaction that appended; commit order is log order', async () => {
    const db = t.app.platform.db;
    const size = await count('translog_leaves');
    let releaseSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    let slowAppended!: () => void;
    const slowHasAppended = new Promise<void>((resolve) => {
      slowAppended = resolve;
    });
    const slow = db.transaction().execute(async (tx) => {
      const a = await appendToLog(tx, { kind: 'test.slow', ref: 'slow', entry: {} });
      slowAppended();
      await slowMayCommit;
      return a;
    });
    await slowHasAppended;
    // The old design held the log's lock until commit: this append would wait for the slow one.
    const fast = await db.transaction().execute(async (tx) => {
      await sql`SET LOCAL lock_timeout = '2s'`.execute(tx);
      return appendToLog(tx, { kind: 'test.fast', ref: 'fast', entry: {} });
    });
    await sequenceLog(db);
    assert.equal(await count('translog_leaves'), size + 1, 'only the committed leaf is sequenced');
    releaseSlow();
    const slowLeaf = await slow;
    await sequenceLog(db);
    const entries = await allEntries();
    assert.deepEqual(
      entries.slice(size).map((e) => e.leafHash),
      [fast.leafHash, slowLeaf.leafHash],
    );
  });

  test('appends from two connections at once are sequenced gapless, and the tree covers them all', async () => {
    const db = t.app.platform.db;
    const size = await count('translog_leaves');
    const results = await Promise.all(
      [0, 1].map(async (worker) => {
        const mine: string[] = [];
        for (let i = 0; i < 20; i++) {
          const { leafHash } = await db
            .transaction()
            .execute((tx) =>
              appendToLog(tx, { kind: 'test.concurrent', ref: `${worker}-${i}`, entry: { worker, i } }),
            );
          mine.push(leafHash);
        }
        return mine;
      }),
    );
    await sequenceLog(db);
    const appended = new Set(results.flat());
    assert.equal(appended.size, 40);
    const entries = await allEntries();
    assert.deepEqual(new Set(entries.slice(size).map((e) => e.leafHash)), appended);
    assert.deepEqual(
      entries.map((e) => e.index),
      Array.from({ length: size + 40 }, (_, i) => i),
    );
    // Anyone can recompute each leaf from the entry served, and the tree from the leaves.
    for (const e of entries) assert.equal(leafHashOf(e).toString('base64'), e.leafHash, `leaf ${e.index}`);
    laterClock();
    const sth = await get<SignedTreeHead>('/api/v1/trust/log/sth');
    assert.equal(sth.treeSize, size + 40);
    assert.deepEqual(b64(sth.rootHash), merkleTreeHash(entries.map((e) => b64(e.leafHash))));
  });

  test('the tree head is signed by the platform key published in the JWKS, and proofs over HTTP verify', async () => {
    laterClock();
    const sth = await get<SignedTreeHead>('/api/v1/trust/log/sth');
    const jwks = await get<Jwks>('/api/v1/trust/jwks');
    const { treeSize, rootHash } = verifyTreeHead(sth, jwks);
    const entries = await allEntries();
    assert.equal(treeSize, entries.length);
    for (const e of entries) {
      const byIndex = await get<InclusionProof>(
        `/api/v1/trust/log/proof/inclusion?index=${e.index}&treeSize=${treeSize}`,
      );
      assert.equal(byIndex.leafHash, e.leafHash);
      assert.ok(verifyInclusion(e.index, treeSize, b64(e.leafHash), byIndex.auditPath.map(b64), rootHash));
      const byHash = await get<InclusionProof>(
        `/api/v1/trust/log/proof/inclusion?leafHash=${encodeURIComponent(e.leafHash)}&treeSize=${treeSize}`,
      );
      assert.deepEqual(byHash, byIndex);
    }
    // The latest signed size is the default.
    const latest = await get<InclusionProof>(`/api/v1/trust/log/proof/inclusion?index=3`);
    assert.equal(latest.treeSize, treeSize);
    // Consistency of every earlier size with the signed head, against roots recomputed from entries.
    const leafHashes = entries.map((e) => b64(e.leafHash));
    for (let first = 1; first <= treeSize; first++) {
      const proof = await get<ConsistencyProof>(
        `/api/v1/trust/log/proof/consistency?first=${first}&second=${treeSize}`,
      );
      const firstRoot = merkleTreeHash(leafHashes.slice(0, first));
      assert.ok(
        verifyConsistency(first, treeSize, firstRoot, rootHash, proof.consistency.map(b64)),
        `${first}`,
      );
      const tampered = firstRoot.map((b, i) => (i === 0 ? b ^ 1 : b));
      assert.equal(verifyConsistency(first, treeSize, tampered, rootHash, proof.consistency.map(b64)), false);
    }
  });

  test('a grown log gets a new tree head only once the newest is older than the interval; both stay consistent', async () => {
    const issue = (ref: string) =>
      t.app.platform.db
        .transaction()
        .execute((tx) => appendToLog(tx, { kind: 'licence.issued', ref, entry: { digest: ref } }));
    await issue('L-1');
    laterClock();
    const before = await get<SignedTreeHead>('/api/v1/trust/log/sth');
    assert.equal(before.timestamp, t.app.platform.now().toISOString(), 'the grown log was signed now');
    await issue('L-2');
    const same = await get<SignedTreeHead>('/api/v1/trust/log/sth');
    assert.deepEqual(same, before, 'within the interval the newest head is served');
    laterClock();
    const after = await get<SignedTreeHead>('/api/v1/trust/log/sth');
    assert.equal(after.treeSize, before.treeSize + 1);
    const proof = await get<ConsistencyProof>(
      `/api/v1/trust/log/proof/consistency?first=${before.treeSize}&second=${after.treeSize}`,
    );
    assert.ok(
      verifyConsistency(
        before.treeSize,
        after.treeSize,
        b64(before.rootHash),
        b64(after.rootHash),
        proof.consistency.map(b64),
      ),
    );
    const stored = await sql<{ n: number }>`SELECT count(*) AS n FROM translog_tree_heads`.execute(
      t.app.platform.db,
    );
    assert.ok(Number(stored.rows[0]?.n) >= 2);
  });

  test('sizes and leaves out of range get clear coded errors', async () => {
    const sth = await get<SignedTreeHead>('/api/v1/trust/log/sth');
    const n = sth.treeSize;
    const size = (await allEntries()).length;
    const code = async (url: string, status: number) =>
      (await get<{ error: { code: string; message: string } }>(url, status)).error;
    assert.equal(
      (await code(`/api/v1/trust/log/proof/inclusion?index=0&treeSize=${size + 1}`, 400)).code,
      'TRANSLOG_TREE_SIZE_OUT_OF_RANGE',
    );
    const outside = await code(`/api/v1/trust/log/proof/inclusion?index=${n}&treeSize=${n}`, 400);
    assert.equal(outside.code, 'TRANSLOG_INDEX_OUT_OF_RANGE');
    assert.match(outside.message, new RegExp(`${n}`));
    const unknown = Buffer.alloc(32, 7).toString('base64');
    assert.equal(
      (await code(`/api/v1/trust/log/proof/inclusion?leafHash=${encodeURIComponent(unknown)}`, 404)).code,
      'TRANSLOG_LEAF_NOT_FOUND',
    );
    assert.equal((await code('/api/v1/trust/log/proof/inclusion', 400)).code, 'TRANSLOG_LEAF_REQUIRED');
    assert.equal(
      (await code(`/api/v1/trust/log/proof/consistency?first=2&second=${size + 1}`, 400)).code,
      'TRANSLOG_CONSISTENCY_RANGE',
    );
    assert.equal(
      (await code('/api/v1/trust/log/proof/consistency?first=3&second=2', 400)).code,
      'TRANSLOG_CONSISTENCY_RANGE',
    );
    assert.equal(
      (await code(`/api/v1/trust/log/entries?start=0&end=${size}`, 400)).code,
      'TRANSLOG_ENTRIES_RANGE',
    );
    assert.equal((await code('/api/v1/trust/log/entries?start=-1&end=2', 400)).code, 'VALIDATION_FAILED');
  });

  test('entries come at most 1000 at a time, with where to continue', async () => {
    const db = t.app.platform.db;
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 1000; i++) await appendToLog(tx, { kind: 'test.bulk', ref: `${i}`, entry: { i } });
    });
    const page: LogEntriesPage = await get('/api/v1/trust/log/entries?start=5&end=1040');
    assert.equal(page.entries.length, 1000);
    assert.equal(page.entries[0]?.index, 5);
    assert.equal(page.nextStart, 1005);
    const rest: LogEntriesPage = await get('/api/v1/trust/log/entries?start=1005&end=1040');
    assert.equal(rest.entries.length, 36);
    assert.equal(rest.nextStart, null);
  });

  test('the log is append-only: leaves, nodes and tree heads cannot be changed or removed', async () => {
    const db = t.app.platform.db;
    for (const statement of [
      sql`UPDATE translog_leaves SET ref = 'forged' WHERE index = 1`,
      sql`DELETE FROM translog_leaves WHERE index = 1`,
      sql`UPDATE translog_nodes SET hash = hash WHERE level = 1`,
      sql`DELETE FROM translog_tree_heads`,
      sql`TRUNCATE translog_leaves`,
    ]) {
      await assert.rejects(statement.execute(db), /append-only/);
    }
  });

  test('the audit chain is anchored every N entries, once per multiple, whoever runs the pass', async () => {
    const ctx = t.app.platform;
    const every = 4;
    ctx.config.translogAuditCheckpointEvery = every;
    try {
      for (let i = 0; i < 9; i++) {
        await appendAudit(ctx.db, {
          actorId: null,
          actorKind: 'system',
          action: 'test.checkpoint',
          subjectType: 'test',
          subjectId: `${i}`,
        });
      }
      await verifyAuditChain(ctx.db); // chains what is pending
      const head = await sql<{ seq: number }>`SELECT max(chain_seq) AS seq FROM audit_entries`.execute(
        ctx.db,
      );
      const chainSeq = Number(head.rows[0]?.seq);
      const [a, b] = await Promise.all([auditCheckpointPass(ctx), auditCheckpointPass(ctx)]);
      assert.equal((a?.checkpoints ?? 0) + (b?.checkpoints ?? 0), Math.floor(chainSeq / every));
      assert.deepEqual(await auditCheckpointPass(ctx), { checkpoints: 0 });
      const checkpoints = (await allEntries()).filter((e) => e.kind === 'audit.checkpoint');
      assert.deepEqual(
        checkpoints.map((c) => c.entry.chainSeq),
        Array.from({ length: Math.floor(chainSeq / every) }, (_, i) => (i + 1) * every),
      );
      for (const c of checkpoints) {
        const { rows } = await sql<{ hash: string }>`
          SELECT hash FROM audit_entries WHERE chain_seq = ${c.entry.chainSeq as number}`.execute(ctx.db);
        assert.equal(c.entry.hash, rows[0]?.hash);
        assert.equal(c.ref, String(c.entry.chainSeq));
      }
    } finally {
      ctx.config.translogAuditCheckpointEvery = 1000;
    }
  });
});

describe('transparency log in the national crypto suite', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ cryptoSuite: 'national' });
  });
  after(async () => t.close());

  test('the tree head is signed with SM2 by the platform key while the tree stays SHA-256', async () => {
    const web = new TestClient(t.app);
    const appended = await t.app.platform.db
      .transaction()
      .execute((tx) => appendToLog(tx, { kind: 'licence.issued', ref: 'L-national', entry: { n: 1 } }));
    const sth = (await web.get('/api/v1/trust/log/sth')).json() as SignedTreeHead;
    const jwks = (await web.get('/api/v1/trust/jwks')).json() as Jwks;
    assert.equal(jwks.keys.find((k) => k.kid === sth.kid)?.alg, 'SM2');
    const { treeSize, rootHash } = verifyTreeHead(sth, jwks);
    assert.equal(treeSize, 1);
    // RFC 9162: the root of a one-leaf tree is that leaf's SHA-256 leaf hash.
    assert.deepEqual(rootHash, b64(appended.leafHash));
  });
});
