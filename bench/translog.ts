import type { ConsistencyProof, InclusionProof, SignedTreeHead } from '@tongban/contracts';
import pg from 'pg';
import {
  merkleTreeHash,
  verifyConsistency,
  verifyInclusion,
} from '../apps/api/src/modules/trust/log.merkle.ts';

/** Latency percentiles of one kind of request, in milliseconds. */
export interface Latency {
  count: number;
  p50: number;
  p99: number;
  perSecond: number;
}

export interface TranslogResult {
  leaves: number;
  loadSeconds: number;
  inclusion: Latency;
  consistency: Latency;
}

const APPEND_LOCK = 727_010;
/** Leaves per bulk transaction. */
const BATCH = 100_000;
/** Every bulk leaf has this time, so its leaf input is known in SQL (log.merkle.ts leafInput). */
const AT = '2026-01-01T00:00:00.000Z';

/**
 * Appends `count` leaves 'bench.leaf' {i} straight into the log's tables, as translog_append
 * would, a batch per transaction under the append lock: the leaves with their exact leaf hashes
 * (SHA-256(0x00 || canonical JSON)), then level by level every complete subtree a batch completes.
 */
export async function bulkAppend(client: pg.Client, count: number): Promise<number> {
  let size = 0;
  for (let done = 0; done < count; done += BATCH) {
    const n = Math.min(BATCH, count - done);
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
    const { rows } = await client.query('SELECT coalesce(max(index) + 1, 0) AS size FROM translog_leaves');
    const from = Number(rows[0].size);
    size = from + n;
    await client.query(
      `INSERT INTO translog_leaves (index, leaf_hash, kind, ref, entry, appended_at)
       SELECT i, sha256('\\x00'::bytea || convert_to(
                format('{"appendedAt":"%s","entry":{"i":%s},"kind":"bench.leaf","ref":"%s","v":1}', $3::text, i, i),
                'UTF8')),
              'bench.leaf', i::text, jsonb_build_object('i', i), $3::timestamptz
         FROM generate_series($1::bigint, $2::bigint - 1) AS i`,
      [from, size, AT],
    );
    // Level l nodes completed by this batch: those whose last leaf, (i+1)·2^l - 1, is in [from, size).
    for (let level = 1; 2 ** level <= size; level++) {
      const width = 2 ** level;
      const first = Math.floor(from / width); // lowest index whose end may be past `from`
      const last = Math.floor(size / width) - 1;
      if (last < first) continue;
      const children =
        level === 1
          ? `SELECT index, leaf_hash AS hash FROM translog_leaves`
          : `SELECT index, hash FROM translog_nodes WHERE level = ${level - 1}`;
      await client.query(
        `INSERT INTO translog_nodes (level, index, hash)
         SELECT $1, i, sha256('\\x01'::bytea || l.hash || r.hash)
           FROM generate_series($2::bigint, $3::bigint) AS i
           JOIN (${children}) l ON l.index = 2 * i
           JOIN (${children}) r ON r.index = 2 * i + 1
          WHERE (i + 1) * $4::bigint > $5::bigint
         ON CONFLICT DO NOTHING`,
        [level, first, last, width, from],
      );
    }
    await client.query('COMMIT');
  }
  return size;
}

function latency(ms: number[], seconds: number): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: ms.length,
    p50: Number(at(0.5).toFixed(2)),
    p99: Number(at(0.99).toFixed(2)),
    perSecond: ms.length / seconds,
  };
}

async function getJson<T>(url: string): Promise<T> {
  // A keep-alive connection the server closed while idle (the root check takes seconds) fails once.
  const res = await fetch(url).catch(() => fetch(url));
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const b64 = (s: string) => Buffer.from(s, 'base64');

/**
 * Inclusion- and consistency-proof latency over HTTP on a log of `leaves` leaves (bulk-loaded),
 * one client at a time, random leaves and sizes; every proof is checked with the pure verifier
 * against the signed tree head, and the loaded tree against a root recomputed from all leaves.
 */
export async function measureTransparencyLog(
  dbUrl: string,
  serverUrl: string,
  leaves: number,
  seconds: number,
): Promise<TranslogResult> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const loadStarted = performance.now();
    const loaded = await bulkAppend(client, leaves);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    // A tree head over everything: the server signs the grown log once its newest head is old enough.
    let sth = await getJson<SignedTreeHead>(`${serverUrl}/api/v1/trust/log/sth`);
    for (let i = 0; i < 30 && sth.treeSize < loaded; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      sth = await getJson<SignedTreeHead>(`${serverUrl}/api/v1/trust/log/sth`);
    }
    const size = sth.treeSize;
    const all = await client.query({
      text: 'SELECT leaf_hash FROM translog_leaves WHERE index < $1 ORDER BY index',
      values: [size],
      rowMode: 'array',
    });
    if (!merkleTreeHash(all.rows.map((r) => r[0] as Buffer)).equals(b64(sth.rootHash)))
      throw new Error('the signed root is not the tree hash of the stored leaves');

    const inclusion: number[] = [];
    let until = performance.now() + seconds * 1000;
    const inclusionStarted = performance.now();
    while (performance.now() < until) {
      const index = Math.floor(Math.random() * size);
      const t0 = performance.now();
      const proof = await getJson<InclusionProof>(
        `${serverUrl}/api/v1/trust/log/proof/inclusion?index=${index}&treeSize=${size}`,
      );
      inclusion.push(performance.now() - t0);
      if (!verifyInclusion(index, size, b64(proof.leafHash), proof.auditPath.map(b64), b64(sth.rootHash)))
        throw new Error(`the inclusion proof of ${index} does not verify`);
    }
    const inclusionSeconds = (performance.now() - inclusionStarted) / 1000;

    const consistency: number[] = [];
    const checks: { first: number; proof: ConsistencyProof }[] = [];
    until = performance.now() + seconds * 1000;
    const consistencyStarted = performance.now();
    while (performance.now() < until) {
      const first = 1 + Math.floor(Math.random() * size);
      const t0 = performance.now();
      const proof = await getJson<ConsistencyProof>(
        `${serverUrl}/api/v1/trust/log/proof/consistency?first=${first}&second=${size}`,
      );
      consistency.push(performance.now() - t0);
      if (checks.length < 10) checks.push({ first, proof });
    }
    const consistencySeconds = (performance.now() - consistencyStarted) / 1000;
    // Recomputing an old root takes all its leaves: a sample of the proofs is checked, after timing.
    for (const { first, proof } of checks) {
      const firstRoot = merkleTreeHash(all.rows.slice(0, first).map((r) => r[0] as Buffer));
      if (!verifyConsistency(first, size, firstRoot, b64(sth.rootHash), proof.consistency.map(b64)))
        throw new Error(`the consistency proof ${first} → ${size} does not verify`);
    }
    return {
      leaves: size,
      loadSeconds: Number(loadSeconds.toFixed(1)),
      inclusion: latency(inclusion, inclusionSeconds),
      consistency: latency(consistency, consistencySeconds),
    };
  } finally {
    await client.end();
  }
}
