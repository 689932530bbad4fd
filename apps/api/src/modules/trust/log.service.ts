import type {
  ConsistencyProof,
  InclusionProof,
  InclusionProofQuery,
  LogEntriesPage,
  SignedTreeHead,
  TreeHeadPayload,
} from '@tongban/contracts';
import { TRANSLOG_ENTRIES_MAX } from '@tongban/contracts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { drainInBatches } from '../../platform/sequencer.ts';
import { auditChainHead } from '../audit/index.ts';
import {
  consistencyNodes,
  consistencyProof,
  EMPTY_ROOT,
  inclusionNodes,
  inclusionProof,
  leafHashOf,
  type NodeId,
  nodeKey,
  rootNodes,
  treeRoot,
} from './log.merkle.ts';
import * as repo from './log.repository.ts';
import { didFor } from './trust.did.ts';
import { signJwsAs } from './trust.keys.ts';

/**
 * The transparency log's use cases: append (inside the caller's transaction), signed tree heads,
 * proofs and entries for anyone, and the audit-chain checkpoints.
 */

export interface LogAppend {
  /** 'licence.issued' | 'licence.revoked' | 'audit.checkpoint' | … */
  kind: string;
  /** What the entry is about: a licence id, an audit chain position. */
  ref: string;
  /** Public forever: never personal data (a digest or an id instead). */
  entry: Record<string, unknown>;
}

export interface LogAppended {
  /**
   * SHA-256 leaf hash, base64 (as proofs and entries carry it): fixed at append, so the caller can
   * ask for the leaf's inclusion proof by it as soon as its transaction has committed.
   */
  leafHash: string;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

function newLeaf(a: LogAppend): repo.NewLeaf {
  // Round-trip through JSON so what is hashed is exactly what jsonb gives back to verifiers.
  const entry = JSON.parse(JSON.stringify(a.entry)) as Record<string, unknown>;
  const appendedAt = new Date();
  const leafHash = leafHashOf({ kind: a.kind, ref: a.ref, entry, appendedAt: appendedAt.toISOString() });
  return { kind: a.kind, ref: a.ref, entry, leafHash, appendedAt };
}

/**
 * Records a leaf in the caller's transaction (ADR 0011): it commits or rolls back with the change
 * it records, takes no lock, and is given its index by the sequencer right after commit. Any read
 * that needs the newest leaves (a proof asked for by this leaf's hash, a tree head due to be
 * signed) sequences what is committed first, so a proof is available as soon as the caller commits.
 */
export async function appendToLog(tx: Db, a: LogAppend): Promise<LogAppended> {
  const leaf = newLeaf(a);
  await repo.insertPending(tx, leaf);
  return { leafHash: b64(leaf.leafHash) };
}

/** Leaves moved into the tree per statement: one short transaction even for a backlog. */
const SEQUENCE_BATCH = 1000;

/**
 * Gives every committed pending leaf its index. With `wait`, it queues behind a sequencer already
 * at work (a reader needs everything committed before it in the tree); without, it leaves the work
 * to that one. Returns how many leaves it sequenced itself.
 */
export function sequenceLog(db: Db, wait = true): Promise<number> {
  return drainInBatches(SEQUENCE_BATCH, (limit) => repo.sequenceBatch(db, limit, wait));
}

/** The log's size once it holds at least `needed` leaves, sequencing what is pending if it does not yet. */
async function sizeCovering(db: Db, needed: number): Promise<number> {
  const size = await repo.logSize(db);
  if (size >= needed) return size;
  await sequenceLog(db);
  return repo.logSize(db);
}

/** Reads the nodes in one query and hands them out; a missing one means the log is damaged. */
async function nodeLookup(db: Db, nodes: NodeId[]): Promise<(n: NodeId) => Buffer> {
  const found = await repo.readNodes(db, nodes);
  return (n) => {
    const hash = found.get(nodeKey(n));
    if (!hash) throw new Error(`transparency log node ${nodeKey(n)} is missing`);
    return hash;
  };
}

async function rootAt(db: Db, size: number): Promise<Buffer> {
  if (size === 0) return EMPTY_ROOT;
  return treeRoot(size, await nodeLookup(db, rootNodes(size)));
}

function headView(row: repo.TreeHeadRow): SignedTreeHead {
  return {
    treeSize: row.tree_size,
    rootHash: b64(row.root_hash),
    timestamp: row.signed_at.toISOString(),
    signature: row.jws,
    kid: row.kid,
  };
}

/**
 * The latest signed tree head. Signed lazily: when the log has grown past the newest head and that
 * head is at least `translogSthMaxAgeSeconds` old (or there is none), the current size is signed
 * with the platform key now, stored, and returned; otherwise the newest head is returned, so a
 * busy log gets at most one signature (and one 'trust.sign' audit entry) per interval.
 */
export async function signedTreeHead(ctx: PlatformContext): Promise<SignedTreeHead> {
  const latest = await repo.latestTreeHead(ctx.db);
  const now = ctx.now();
  if (latest && now.getTime() - latest.signed_at.getTime() < ctx.config.translogSthMaxAgeSeconds * 1000)
    return headView(latest);
  // Due for a new head: everything committed so far goes in it.
  await sequenceLog(ctx.db);
  const size = await repo.logSize(ctx.db);
  if (latest && latest.tree_size >= size) return headView(latest);
  const rootHash = await rootAt(ctx.db, size);
  const payload: TreeHeadPayload = {
    iss: didFor(ctx, 'platform'),
    iat: Math.floor(now.getTime() / 1000),
    treeSize: size,
    rootHash: b64(rootHash),
    timestamp: now.toISOString(),
  };
  const { jws, kid } = await signJwsAs(ctx, 'platform', payload, { typ: 'tree-head+jwt' });
  await repo.insertTreeHead(ctx.db, { tree_size: size, root_hash: rootHash, signed_at: now, kid, jws });
  // Another process may have signed this size first: everyone answers with the stored head.
  const stored = await repo.treeHeadOfSize(ctx.db, size);
  return headView(stored ?? { tree_size: size, root_hash: rootHash, signed_at: now, kid, jws });
}

function checkTreeSize(treeSize: number, size: number): void {
  if (treeSize > size) throw new AppError('TRANSLOG_TREE_SIZE_OUT_OF_RANGE', [], { treeSize, size });
}

/** Base64 or base64url, with a '+' a query string turned into a space put back. */
function hashParam(text: string): Buffer {
  return Buffer.from(text.replaceAll(' ', '+').replaceAll('-', '+').replaceAll('_', '/'), 'base64');
}

/**
 * The inclusion path of a leaf (by index or by hash) in the tree of `treeSize` leaves, by default
 * the latest signed tree head's. The leaf and every path node come from one query.
 */
export async function inclusionProofFor(
  ctx: PlatformContext,
  q: InclusionProofQuery,
): Promise<InclusionProof> {
  if ((q.index === undefined) === (q.leafHash === undefined)) throw new AppError('TRANSLOG_LEAF_REQUIRED');
  const treeSize = q.treeSize ?? (await signedTreeHead(ctx)).treeSize;
  checkTreeSize(treeSize, await sizeCovering(ctx.db, treeSize));
  let index = q.index;
  if (q.leafHash !== undefined) {
    index = await repo.leafIndexByHash(ctx.db, hashParam(q.leafHash), treeSize);
    if (index === undefined) throw new AppError('TRANSLOG_LEAF_NOT_FOUND', [], { treeSize });
  }
  if (index === undefined || index >= treeSize)
    throw new AppError('TRANSLOG_INDEX_OUT_OF_RANGE', [], { index: index ?? -1, treeSize });
  const leaf: NodeId = { level: 0, index };
  const lookup = await nodeLookup(ctx.db, [leaf, ...inclusionNodes(index, treeSize)]);
  return {
    leafIndex: index,
    treeSize,
    leafHash: b64(lookup(leaf)),
    auditPath: inclusionProof(index, treeSize, lookup).map(b64),
  };
}

/** The proof that the tree of `second` leaves extends the tree of `first` (one query). */
export async function consistencyProofFor(db: Db, first: number, second: number): Promise<ConsistencyProof> {
  const size = await sizeCovering(db, second);
  if (first < 1 || first > second || second > size)
    throw new AppError('TRANSLOG_CONSISTENCY_RANGE', [], { first, second, size });
  const lookup = await nodeLookup(db, consistencyNodes(first, second));
  return { first, second, consistency: consistencyProof(first, second, lookup).map(b64) };
}

/** Entries start..end (inclusive), at most TRANSLOG_ENTRIES_MAX of them. */
export async function logEntries(db: Db, start: number, end: number): Promise<LogEntriesPage> {
  const size = await sizeCovering(db, end + 1);
  if (start > end || end >= size) throw new AppError('TRANSLOG_ENTRIES_RANGE', [], { start, end, size });
  const last = Math.min(end, start + TRANSLOG_ENTRIES_MAX - 1);
  const rows = await repo.leavesBetween(db, start, last);
  return {
    entries: rows.map((r) => ({
      index: r.index,
      leafHash: b64(r.leaf_hash),
      kind: r.kind,
      ref: r.ref,
      entry: r.entry,
      appendedAt: r.appended_at.toISOString(),
    })),
    nextStart: last < end ? last + 1 : null,
  };
}

export const AUDIT_CHECKPOINT = 'audit.checkpoint';
/** Most checkpoints one pass appends (a log started on a long audit chain catches up over passes). */
const CHECKPOINTS_PER_PASS = 100;

/**
 * Anchors the audit chain in the log: one 'audit.checkpoint' leaf {chainSeq, hash} per multiple of
 * `translogAuditCheckpointEvery` the chain has reached since the last checkpoint. Idempotent and
 * safe in several processes at once: the pass holds the append lock while it reads the last
 * checkpoint and appends (and a unique index backs it). Returns how many it appended.
 */
export async function auditCheckpointPass(ctx: PlatformContext): Promise<{ checkpoints: number }> {
  const every = ctx.config.translogAuditCheckpointEvery;
  const head = await auditChainHead(ctx.db);
  if (!head || head.chainSeq < every) return { checkpoints: 0 };
  return inTransaction(ctx.db, async (tx) => {
    await repo.lockLog(tx);
    const last = await repo.lastLeafOfKind(tx, AUDIT_CHECKPOINT);
    let seq = (last ? Number(last.entry.chainSeq) : 0) + every;
    let appended = 0;
    for (; seq <= head.chainSeq && appended < CHECKPOINTS_PER_PASS; seq += every) {
      const point = await auditChainHead(tx, seq);
      // Positions before the sequencer (ADR 0007) may have gaps: skip what was never chained.
      if (!point) continue;
      await repo.appendLeaf(tx, newLeaf({ kind: AUDIT_CHECKPOINT, ref: String(seq), entry: { ...point } }));
      appended += 1;
    }
    return { checkpoints: appended };
  });
}
