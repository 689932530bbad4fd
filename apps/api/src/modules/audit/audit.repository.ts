import { sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

/** The only code that touches the audit module's table. */
export interface AuditEntryRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  subject_type: string;
  subject_id: string;
  personal_data: boolean;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

interface AuditTables {
  audit_entries: AuditEntryRow;
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
}

/** One round trip: the database function locks, reads the chain head and inserts (0001_init.sql). */
export async function insertChained(tx: Db, e: NewAuditRow): Promise<{ seq: number; hash: string }> {
  const { rows } = await sql<{ seq: number; hash: string }>`
    SELECT seq, hash FROM audit_append(${e.at}, ${e.actorId}, ${e.actorKind}, ${e.action},
      ${e.subjectType}, ${e.subjectId}, ${e.personalData}, ${JSON.stringify(e.details)}::jsonb, ${e.digest})`.execute(
    tx,
  );
  const row = rows[0];
  if (!row) throw new Error('audit_append returned no row');
  return { seq: Number(row.seq), hash: row.hash };
}

/** Entries after `afterSeq` in chain order, for streaming verification. */
export async function entriesAfter(db: Db, afterSeq: number, limit: number): Promise<AuditEntryRow[]> {
  return asTables<AuditTables>(db)
    .selectFrom('audit_entries')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export interface EntryFilter {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  /** Newest first: only entries with seq below this. */
  beforeSeq?: number;
  limit: number;
}

export async function findEntries(db: Db, f: EntryFilter): Promise<AuditEntryRow[]> {
  let q = asTables<AuditTables>(db).selectFrom('audit_entries').selectAll();
  if (f.subjectType !== undefined) q = q.where('subject_type', '=', f.subjectType);
  if (f.subjectId !== undefined) q = q.where('subject_id', '=', f.subjectId);
  if (f.actorId !== undefined) q = q.where('actor_id', '=', f.actorId);
  if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
  return q.orderBy('seq', 'desc').limit(f.limit).execute();
}

export async function auditTableExists(db: Db): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`SELECT to_regclass('audit_entries')::text AS t`.execute(
    db,
  );
  return rows[0]?.t != null;
}
