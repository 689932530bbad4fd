import { sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';
import { type NodeId, nodeKey } from './log.merkle.ts';

/** The only code that touches the transparency log's tables (migrations/0010_translog.sql). */
export interface LeafRow {
  index: number;
  leaf_hash: Buffer;
  kind: string;
  ref: string;
  entry: Record<string, unknown>;
  appended_at: Date;
}

export interface TreeHeadRow {
  tree_size: number;
  root_hash: Buffer;
  signed_at: Date;
  kid: string;
  jws: string;
}

interface LogTables {
  translog_leaves: LeafRow;
  translog_nodes: { level: number; index: number; hash: Buffer };
  translog_tree_heads: TreeHeadRow;
}

/** The advisory lock appends take (translog_append): held until the caller's transaction ends. */
const APPEND_LOCK = 727_010;

export interface NewLeaf {
  kind: string;
  ref: string;
  entry: Record<string, unknown>;
  leafHash: Buffer;
  appendedAt: Date;
}

/**
 * Records a leaf to be sequenced (ADR 0011): no lock, it commits or rolls back with the caller's
 * transaction. Its index comes when the sequencer moves it into the tree.
 */
export async function insertPending(tx: Db, leaf: NewLeaf): Promise<void> {
  await sql`INSERT INTO translog_pending (leaf_hash, kind, ref, entry, appended_at)
    VALUES (${leaf.leafHash}, ${leaf.kind}, ${leaf.ref}, ${JSON.stringify(leaf.entry)}::jsonb, ${leaf.appendedAt})`.execute(
    tx,
  );
}

/**
 * Moves up to `limit` committed pending leaves into the tree in one statement (its own
 * transaction); -1 when `wait` is false and another session is sequencing.
 */
export async function sequenceBatch(db: Db, limit: number, wait: boolean): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT translog_sequence(${limit}, ${wait}) AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Appends one leaf now, and the subtree hashes it completes (one round trip); returns its index.
 * Holds the log's lock until the transaction ends: for the audit checkpoints only, which append
 * under that lock anyway (everything else goes through insertPending).
 */
export async function appendLeaf(tx: Db, leaf: NewLeaf): Promise<number> {
  const { rows } = await sql<{ index: number }>`SELECT translog_append(${leaf.kind}, ${leaf.ref},
    ${JSON.stringify(leaf.entry)}::jsonb, ${leaf.leafHash}, ${leaf.appendedAt}) AS index`.execute(tx);
  return Number(rows[0]?.index);
}

/** Takes the append lock now (the rest of the transaction sees the log as no one else changes it). */
export async function lockLog(tx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${APPEND_LOCK})`.execute(tx);
}

/** Leaves in the log (committed, as this connection sees them). */
export async function logSize(db: Db): Promise<number> {
  const row = await asTables<LogTables>(db)
    .selectFrom('translog_leaves')
    .select('index')
    .orderBy('index', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.index) + 1 : 0;
}

/**
 * The hashes of the given complete subtrees in one query: leaves (level 0) from translog_leaves,
 * the others from translog_nodes, each a primary-key read.
 */
export async function readNodes(db: Db, nodes: NodeId[]): Promise<Map<string, Buffer>> {
  const leaves = nodes.filter((n) => n.level === 0).map((n) => n.index);
  const upper = nodes.filter((n) => n.level > 0);
  const found = new Map<string, Buffer>();
  if (nodes.length === 0) return found;
  const { rows } = await sql<{ level: number; index: number; hash: Buffer }>`
    SELECT 0 AS level, l.index, l.leaf_hash AS hash FROM translog_leaves l
     WHERE l.index = ANY(${leaves}::bigint[])
    UNION ALL
    SELECT n.level, n.index, n.hash FROM translog_nodes n
      JOIN unnest(${upper.map((n) => n.level)}::smallint[], ${upper.map((n) => n.index)}::bigint[]) AS u(level, index)
        ON n.level = u.level AND n.index = u.index`.execute(db);
  for (const r of rows) found.set(nodeKey({ level: Number(r.level), index: Number(r.index) }), r.hash);
  return found;
}

/** The first leaf with this hash among the first `below` leaves. */
export async function leafIndexByHash(db: Db, leafHash: Buffer, below: number): Promise<number | undefined> {
  const row = await asTables<LogTables>(db)
    .selectFrom('translog_leaves')
    .select('index')
    .where('leaf_hash', '=', leafHash)
    .where('index', '<', below)
    .orderBy('index')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.index) : undefined;
}

/** Leaves [start, end] (inclusive) in index order. */
export async function leavesBetween(db: Db, start: number, end: number): Promise<LeafRow[]> {
  return asTables<LogTables>(db)
    .selectFrom('translog_leaves')
    .selectAll()
    .where('index', '>=', start)
    .where('index', '<=', end)
    .orderBy('index')
    .execute();
}

/** The newest leaf of a kind, e.g. the last audit checkpoint. */
export async function lastLeafOfKind(db: Db, kind: string): Promise<LeafRow | undefined> {
  return asTables<LogTables>(db)
    .selectFrom('translog_leaves')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('index', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The signed tree head of the largest size. */
export async function latestTreeHead(db: Db): Promise<TreeHeadRow | undefined> {
  return asTables<LogTables>(db)
    .selectFrom('translog_tree_heads')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function treeHeadOfSize(db: Db, size: number): Promise<TreeHeadRow | undefined> {
  return asTables<LogTables>(db)
    .selectFrom('translog_tree_heads')
    .selectAll()
    .where('tree_size', '=', size)
    .executeTakeFirst();
}

/** Stores a signed tree head unless one of that size exists (another process signed it first). */
export async function insertTreeHead(db: Db, head: TreeHeadRow): Promise<void> {
  await asTables<LogTables>(db)
    .insertInto('translog_tree_heads')
    .values(head)
    .onConflict((oc) => oc.column('tree_size').doNothing())
    .execute();
}
