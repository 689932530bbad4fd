import { type Generated, sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

/** The only code that touches the audit module's table. */
export interface AuditEntryRow {
  /** Insertion order (not chain order: transactions commit in another order than they insert). */
  id: number;
  at: Date;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  subject_type: string;
  subject_id: string;
  personal_data: boolean;
  details: Record<string, unknown>;
  digest: string | null;
  data_subject_id: string | null;
  purpose: string | null;
  /** Position in the chain; null (with prev_hash and hash) until the chainer reaches the entry. */
  chain_seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

/** An entry the chainer has reached. */
export type ChainedRow = AuditEntryRow & { chain_seq: number; prev_hash: string; hash: string };

interface AuditTables {
  audit_entries: Omit<AuditEntryRow, 'id'> & { id: Generated<number> };
}

export interface NewAuditRow {
  at: Date;
  actorId: string | null;
  actorKind: string;
  action: string;
  subjectType: string;
  subjectId: string;
  personalData: boolean;
  details: Record<string, unknown>;
  digest: string;
  dataSubjectId?: string;
  purpose?: string;
}

/** Inserts the entry unchained: no lock, nothing shared with other appenders but the id sequence. */
export async function insertUnchained(tx: Db, e: NewAuditRow): Promise<{ id: number }> {
  return asTables<AuditTables>(tx)
    .insertInto('audit_entries')
    .values({
      at: e.at,
      actor_id: e.actorId,
      actor_kind: e.actorKind,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      personal_data: e.personalData,
      details: JSON.stringify(e.details) as never,
      digest: e.digest,
      data_subject_id: e.dataSubjectId ?? null,
      purpose: e.purpose ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Chains up to `limit` committed, unchained entries after the chain head (the database function
 * in 0002_sequencer.sql, one round trip). Returns how many, or -1 when another chainer holds the
 * chain and `wait` is false.
 */
export async function chainBatch(db: Db, limit: number, wait: boolean): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT audit_chain_pending(${limit}, ${wait}) AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function countUnchained(db: Db): Promise<number> {
  const row = await asTables<AuditTables>(db)
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('chain_seq', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Chained entries after position `afterSeq` in chain order, for streaming verification. */
export async function entriesAfter(db: Db, afterSeq: number, limit: number): Promise<ChainedRow[]> {
  return asTables<AuditTables>(db)
    .selectFrom('audit_entries')
    .selectAll()
    .where('chain_seq', '>', afterSeq)
    .orderBy('chain_seq')
    .limit(limit)
    .execute() as Promise<ChainedRow[]>;
}

export interface EntryFilter {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  /** Newest first: only entries with a chain position below this. */
  beforeSeq?: number;
  limit: number;
}

/** Chained entries, newest first in chain order. */
export async function findEntries(db: Db, f: EntryFilter): Promise<ChainedRow[]> {
  let q = asTables<AuditTables>(db)
    .selectFrom('audit_entries')
    .selectAll()
    .where('chain_seq', 'is not', null);
  if (f.subjectType !== undefined) q = q.where('subject_type', '=', f.subjectType);
  if (f.subjectId !== undefined) q = q.where('subject_id', '=', f.subjectId);
  if (f.actorId !== undefined) q = q.where('actor_id', '=', f.actorId);
  if (f.beforeSeq !== undefined) q = q.where('chain_seq', '<', f.beforeSeq);
  return q.orderBy('chain_seq', 'desc').limit(f.limit).execute() as Promise<ChainedRow[]>;
}

export interface DataSubjectFilter {
  dataSubjectId: string;
  /** Newest first: only entries with a chain position below this. */
  beforeSeq?: number;
  limit: number;
}

/** Chained entries naming this data subject, made by anyone but the subject, newest first. */
export async function findDataSubjectEntries(db: Db, f: DataSubjectFilter): Promise<ChainedRow[]> {
  let q = asTables<AuditTables>(db)
    .selectFrom('audit_entries')
    .selectAll()
    .where('data_subject_id', '=', f.dataSubjectId)
    .where('chain_seq', 'is not', null)
    .where((eb) => eb.or([eb('actor_id', 'is', null), eb('actor_id', '!=', f.dataSubjectId)]));
  if (f.beforeSeq !== undefined) q = q.where('chain_seq', '<', f.beforeSeq);
  return q.orderBy('chain_seq', 'desc').limit(f.limit).execute() as Promise<ChainedRow[]>;
}

export async function auditTableExists(db: Db): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`SELECT to_regclass('audit_entries')::text AS t`.execute(
    db,
  );
  return rows[0]?.t != null;
}
