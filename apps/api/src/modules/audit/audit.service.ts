import type { Db } from '../../platform/db.ts';
import { type ChainedFields, entryDigest, GENESIS_HASH, linkHash } from './audit.chain.ts';
import { chainPending } from './audit.chainer.ts';
import {
  type AuditEntryRow,
  auditTableExists,
  type ChainedRow,
  countUnchained,
  entriesAfter,
  findDataSubjectEntries,
  findEntries,
  insertUnchained,
} from './audit.repository.ts';

export type AuditActorKind = 'citizen' | 'enterprise' | 'staff' | 'system';

export interface AuditEntryInput {
  actorId: string | null;
  actorKind: AuditActorKind;
  /** 'area.verb', e.g. 'case.read', 'application.submit', 'task.complete', 'account.signIn'. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** True when the action read or changed someone's personal data. */
  personalData?: boolean;
  details?: Record<string, unknown>;
  /**
   * The citizen or enterprise account whose personal data was read or used, when it is not the
   * actor's own: the entry then shows in that account's "who used my data" (GET /me/data-usage).
   */
  dataSubjectId?: string;
  /** Why the data was used, a stable keyword (`case.review`, an exchange purpose code). */
  purpose?: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorKind: string;
  action: string;
  subjectType: string;
  subjectId: string;
  personalData: boolean;
  details: Record<string, unknown>;
  dataSubjectId: string | null;
  purpose: string | null;
  prevHash: string;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Chained entries verified (all of them when ok; those before the broken one otherwise). */
  checked: number;
  firstBrokenSeq: number | null;
  reason?: string;
  /** Entries committed but not chained yet (committed after verification started). */
  pending: number;
}

/**
 * Records one entry inside the caller's transaction: it is committed or rolled back with the
 * change it records. It only inserts (no lock, so audited transactions commit in parallel); the
 * chainer gives it its place in the hash chain shortly after commit (ADR 0007). The id is the
 * insertion order, not the chain position.
 */
export async function appendAudit(tx: Db, e: AuditEntryInput): Promise<{ id: number }> {
  // Round-trip through JSON first so what is hashed is exactly what jsonb gives back later
  // (jsonb cannot hold U+0000, which would otherwise fail the caller's whole transaction).
  const details = JSON.parse(
    JSON.stringify(e.details ?? {}, (_k, v) =>
      typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : v,
    ),
  ) as Record<string, unknown>;
  const at = new Date();
  const fields: ChainedFields = {
    at: at.toISOString(),
    actorId: e.actorId,
    actorKind: e.actorKind,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    personalData: e.personalData ?? false,
    details,
    // Only when given: an entry without them hashes exactly as before the fields existed.
    ...(e.dataSubjectId ? { dataSubjectId: e.dataSubjectId } : {}),
    ...(e.purpose ? { purpose: e.purpose } : {}),
  };
  return insertUnchained(tx, { ...fields, at, digest: entryDigest(fields) });
}

function fieldsOf(row: AuditEntryRow): ChainedFields {
  return {
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorKind: row.actor_kind,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    personalData: row.personal_data,
    details: row.details,
    ...(row.data_subject_id !== null ? { dataSubjectId: row.data_subject_id } : {}),
    ...(row.purpose !== null ? { purpose: row.purpose } : {}),
  };
}

const VERIFY_BATCH = 1000;

/**
 * Chains what is pending, then recomputes the whole chain in chain order, a batch at a time
 * (constant memory), and reports the first entry whose content no longer matches its hash
 * (modified) or whose prev_hash is not the hash of the entry before it (deleted, inserted or
 * reordered entries). Inside a transaction nothing is chained (the caller's transaction would
 * hold the chain): pending entries are only counted.
 */
export async function verifyAuditChain(db: Db): Promise<ChainVerification> {
  if (!(await auditTableExists(db))) return { ok: true, checked: 0, firstBrokenSeq: null, pending: 0 };
  if (!db.isTransaction) await chainPending(db);
  const verdict = await verifyChained(db);
  return { ...verdict, pending: await countUnchained(db) };
}

async function verifyChained(db: Db): Promise<Omit<ChainVerification, 'pending'>> {
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await entriesAfter(db, afterSeq, VERIFY_BATCH);
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          checked,
          firstBrokenSeq: row.chain_seq,
          reason:
            checked === 0
              ? 'the first entry does not start the chain'
              : 'link to the previous entry is broken',
        };
      }
      if (linkHash(row.prev_hash, row.chain_seq, entryDigest(fieldsOf(row))) !== row.hash) {
        return {
          ok: false,
          checked,
          firstBrokenSeq: row.chain_seq,
          reason: 'entry content does not match its hash',
        };
      }
      prevHash = row.hash;
      afterSeq = row.chain_seq;
      checked++;
    }
    if (rows.length < VERIFY_BATCH) return { ok: true, checked, firstBrokenSeq: null };
  }
}

export interface AuditEntryQuery {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  limit?: number;
  /** From a previous page's nextCursor. */
  cursor?: string;
}

function present(row: ChainedRow): AuditEntry {
  return {
    seq: row.chain_seq,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorKind: row.actor_kind,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    personalData: row.personal_data,
    details: row.details,
    dataSubjectId: row.data_subject_id,
    purpose: row.purpose,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Chained entries newest first, filtered by subject and/or actor, paged by chain position.
 * Called outside a transaction it first chains what is pending, so every entry committed before
 * the call is listed; inside one, call `chainPending` before opening it.
 */
export async function listAuditEntries(
  db: Db,
  q: AuditEntryQuery = {},
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const { limit, beforeSeq } = pageBounds(q, 50);
  if (!db.isTransaction) await chainPending(db);
  const rows = await findEntries(db, {
    subjectType: q.subjectType,
    subjectId: q.subjectId,
    actorId: q.actorId,
    beforeSeq,
    limit: limit + 1,
  });
  return pageOf(rows, limit);
}

function pageBounds(q: { limit?: number; cursor?: string }, defaultLimit: number) {
  return {
    limit: Math.min(Math.max(q.limit ?? defaultLimit, 1), 200),
    beforeSeq: q.cursor && /^\d{1,18}$/.test(q.cursor) ? Number(q.cursor) : undefined,
  };
}

/** One page of `limit` entries from `limit + 1` rows; the extra row says whether more follow. */
function pageOf(rows: ChainedRow[], limit: number): { items: AuditEntry[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(present),
    nextCursor: rows.length > limit && last ? String(last.chain_seq) : null,
  };
}

/**
 * What others did with one account's personal data ("who used my data"): chained entries naming it
 * as data subject whose actor is someone else, newest first, paged by chain position. Like
 * `listAuditEntries`, outside a transaction it first chains what is pending.
 */
export async function listDataSubjectEntries(
  db: Db,
  dataSubjectId: string,
  q: { limit?: number; cursor?: string } = {},
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const { limit, beforeSeq } = pageBounds(q, 20);
  if (!db.isTransaction) await chainPending(db);
  return pageOf(await findDataSubjectEntries(db, { dataSubjectId, beforeSeq, limit: limit + 1 }), limit);
}
