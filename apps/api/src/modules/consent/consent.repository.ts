import type { ConsentField, ConsentPurpose, ConsentRecipient } from '@tongban/contracts';
import { sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

/** The only code that touches the consent module's tables. */
export interface DatasetRef {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface RequestRow {
  id: string;
  subject_account_id: string;
  recipient: ConsentRecipient;
  recipient_client_id: string;
  dataset: DatasetRef;
  purpose: ConsentPurpose;
  fields: ConsentField[];
  retention_days: number;
  valid_days: number;
  status: 'pending' | 'granted' | 'declined';
  created_at: Date;
  created_by: string;
  decided_at: Date | null;
  receipt_id: string | null;
}

export interface ReceiptRow {
  id: string;
  request_id: string;
  subject_account_id: string;
  recipient: ConsentRecipient;
  recipient_client_id: string;
  dataset_code: string;
  dataset: DatasetRef;
  purpose_code: string;
  purpose: ConsentPurpose;
  fields: ConsentField[];
  field_codes: string[];
  retention_days: number;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

interface ConsentTables {
  consent_requests: RequestRow;
  consent_receipts: ReceiptRow;
}

const t = (db: Db) => asTables<ConsentTables>(db);
const json = (v: unknown) => JSON.stringify(v) as never;

export async function insertRequest(db: Db, r: RequestRow): Promise<void> {
  await t(db)
    .insertInto('consent_requests')
    .values({
      ...r,
      recipient: json(r.recipient),
      dataset: json(r.dataset),
      purpose: json(r.purpose),
      fields: json(r.fields),
    })
    .execute();
}

/** The subject's own request (anyone else's answers as missing); `lock` for a decision. */
export async function findOwnRequest(
  db: Db,
  subjectId: string,
  id: string,
  lock = false,
): Promise<RequestRow | undefined> {
  const q = t(db)
    .selectFrom('consent_requests')
    .selectAll()
    .where('id', '=', id)
    .where('subject_account_id', '=', subjectId);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function decideRequest(
  db: Db,
  id: string,
  status: 'granted' | 'declined',
  at: Date,
  receiptId: string | null,
): Promise<RequestRow> {
  return t(db)
    .updateTable('consent_requests')
    .set({ status, decided_at: at, receipt_id: receiptId })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function pageRequests(
  db: Db,
  subjectId: string,
  q: { status?: RequestRow['status']; beforeId?: string; limit: number },
): Promise<RequestRow[]> {
  let query = t(db).selectFrom('consent_requests').selectAll().where('subject_account_id', '=', subjectId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

export async function insertReceipt(db: Db, r: ReceiptRow): Promise<void> {
  await t(db)
    .insertInto('consent_receipts')
    .values({
      ...r,
      recipient: json(r.recipient),
      dataset: json(r.dataset),
      purpose: json(r.purpose),
      fields: json(r.fields),
    })
    .execute();
}

export async function findOwnReceipt(
  db: Db,
  subjectId: string,
  id: string,
  lock = false,
): Promise<ReceiptRow | undefined> {
  const q = t(db)
    .selectFrom('consent_receipts')
    .selectAll()
    .where('id', '=', id)
    .where('subject_account_id', '=', subjectId);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function revokeReceipt(db: Db, id: string, at: Date, by: string): Promise<ReceiptRow> {
  return t(db)
    .updateTable('consent_receipts')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Receipts of the subject, newest first. `live` / `revoked` / `expired` filter by state at `now`.
 */
export async function pageReceipts(
  db: Db,
  subjectId: string,
  q: { status?: 'live' | 'revoked' | 'expired'; now: Date; beforeId?: string; limit: number },
): Promise<ReceiptRow[]> {
  let query = t(db).selectFrom('consent_receipts').selectAll().where('subject_account_id', '=', subjectId);
  if (q.status === 'revoked') query = query.where('revoked_at', 'is not', null);
  if (q.status === 'live') query = query.where('revoked_at', 'is', null).where('expires_at', '>', q.now);
  if (q.status === 'expired') query = query.where('revoked_at', 'is', null).where('expires_at', '<=', q.now);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

/** A live receipt of this subject for this recipient, dataset and purpose covering every field. */
export async function findCoveringReceipt(
  db: Db,
  q: { subjectId: string; clientId: string; dataset: string; purpose: string; fields: string[]; at: Date },
): Promise<ReceiptRow | undefined> {
  return t(db)
    .selectFrom('consent_receipts')
    .selectAll()
    .where('subject_account_id', '=', q.subjectId)
    .where('recipient_client_id', '=', q.clientId)
    .where('dataset_code', '=', q.dataset)
    .where('purpose_code', '=', q.purpose)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', q.at)
    .where(sql<boolean>`field_codes @> ${sql.val(q.fields)}::text[]`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
