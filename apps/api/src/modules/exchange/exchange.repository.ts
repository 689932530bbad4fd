import type { DatasetHandler, DatasetPurpose, PublicJwks } from '@tongban/contracts';
import { type Generated, sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

/** The only code that touches the exchange module's tables. */
export interface DatasetRow {
  code: string;
  name_zh: string;
  name_en: string;
  subject_kind: 'citizen' | 'enterprise';
  sensitivity: number;
  owner_department_id: string;
  fields: string[];
  purposes: DatasetPurpose[];
  handler: DatasetHandler;
  status: 'published' | 'retired';
  version: number;
  updated_at: Date;
  created_at: Date;
}

export interface ClientRow {
  id: string;
  client_id: string;
  name_zh: string;
  name_en: string;
  department_id: string;
  jwks: PublicJwks;
  status: 'active' | 'disabled';
  created_at: Date;
  created_by: string | null;
}

export interface RequestRow {
  id: string;
  at: Date;
  client_id: string;
  consumer_department_id: string;
  provider_department_id: string | null;
  dataset_code: string;
  purpose_code: string;
  subject_account_id: string | null;
  fields: string[];
  outcome: 'allowed' | 'refused';
  refusal_code: string | null;
  basis: 'legal' | 'consent' | null;
  consent_receipt_id: string | null;
}

interface ExchangeTables {
  exchange_datasets: Omit<DatasetRow, 'created_at'> & { created_at: Generated<Date> };
  exchange_dataset_versions: {
    code: string;
    version: number;
    definition: unknown;
    published_at: Date;
    published_by: string | null;
  };
  exchange_clients: ClientRow;
  exchange_assertion_ids: { client_id: string; jti: string; expires_at: Date };
  exchange_tokens: { token_hash: string; client_id: string; expires_at: Date };
  exchange_requests: RequestRow;
}

const t = (db: Db) => asTables<ExchangeTables>(db);
const json = (v: unknown) => JSON.stringify(v) as never;

/** Stores a dataset's current definition (a new one, or its next version) and keeps that version for the record. */
export async function saveDataset(
  tx: Db,
  d: Omit<DatasetRow, 'created_at'>,
  publishedBy: string | null,
): Promise<void> {
  const values = { ...d, purposes: json(d.purposes), handler: json(d.handler) };
  await t(tx)
    .insertInto('exchange_datasets')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet(values))
    .execute();
  const { status: _s, updated_at: _u, ...definition } = d;
  await t(tx)
    .insertInto('exchange_dataset_versions')
    .values({
      code: d.code,
      version: d.version,
      definition: json(definition),
      published_at: d.updated_at,
      published_by: publishedBy,
    })
    .execute();
}

/** The dataset, locked until the transaction ends (a publish or retirement is under way). */
export function lockDataset(tx: Db, code: string): Promise<DatasetRow | undefined> {
  return t(tx)
    .selectFrom('exchange_datasets')
    .selectAll()
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
}

export async function setDatasetStatus(tx: Db, code: string, status: DatasetRow['status'], at: Date) {
  await t(tx)
    .updateTable('exchange_datasets')
    .set({ status, updated_at: at })
    .where('code', '=', code)
    .execute();
}

export async function findDataset(db: Db, code: string): Promise<DatasetRow | undefined> {
  return t(db).selectFrom('exchange_datasets').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findDatasets(db: Db, ownerDepartmentId?: string): Promise<DatasetRow[]> {
  let q = t(db).selectFrom('exchange_datasets').selectAll();
  if (ownerDepartmentId) q = q.where('owner_department_id', '=', ownerDepartmentId);
  return q.orderBy('code').execute();
}

export async function insertClient(db: Db, c: ClientRow): Promise<void> {
  await t(db)
    .insertInto('exchange_clients')
    .values({ ...c, jwks: json(c.jwks) })
    .execute();
}

export async function findClient(
  db: Db,
  by: { id: string } | { clientId: string },
): Promise<ClientRow | undefined> {
  const q = t(db).selectFrom('exchange_clients').selectAll();
  return ('id' in by ? q.where('id', '=', by.id) : q.where('client_id', '=', by.clientId)).executeTakeFirst();
}

export async function findClients(db: Db, departmentId: string): Promise<ClientRow[]> {
  return t(db)
    .selectFrom('exchange_clients')
    .selectAll()
    .where('department_id', '=', departmentId)
    .orderBy('client_id')
    .execute();
}

export async function updateClient(
  db: Db,
  id: string,
  set: Partial<Pick<ClientRow, 'jwks' | 'status'>>,
): Promise<ClientRow> {
  return t(db)
    .updateTable('exchange_clients')
    .set({ ...set, ...(set.jwks ? { jwks: json(set.jwks) } : {}) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records the assertion's jti; false when it was already used (a replay). */
export async function useAssertionId(
  db: Db,
  clientId: string,
  jti: string,
  expiresAt: Date,
): Promise<boolean> {
  const rows = await t(db)
    .insertInto('exchange_assertion_ids')
    .values({ client_id: clientId, jti, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['client_id', 'jti']).doNothing())
    .returning('jti')
    .execute();
  return rows.length === 1;
}

/** Drops single-use ids and tokens past their expiry (a few at a time, on each token issue). */
export async function purgeExpired(db: Db, now: Date): Promise<void> {
  await sql`DELETE FROM exchange_assertion_ids WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM exchange_assertion_ids WHERE expires_at < ${now} LIMIT 100))`.execute(db);
  await sql`DELETE FROM exchange_tokens WHERE token_hash = ANY (ARRAY(
      SELECT token_hash FROM exchange_tokens WHERE expires_at < ${now} LIMIT 100))`.execute(db);
}

export async function insertToken(
  db: Db,
  tokenHash: string,
  clientId: string,
  expiresAt: Date,
): Promise<void> {
  await t(db)
    .insertInto('exchange_tokens')
    .values({ token_hash: tokenHash, client_id: clientId, expires_at: expiresAt })
    .execute();
}

/** The active client a live token belongs to. */
export async function findTokenClient(db: Db, tokenHash: string, now: Date): Promise<ClientRow | undefined> {
  return t(db)
    .selectFrom('exchange_tokens as tk')
    .innerJoin('exchange_clients as c', 'c.id', 'tk.client_id')
    .selectAll('c')
    .where('tk.token_hash', '=', tokenHash)
    .where('tk.expires_at', '>', now)
    .where('c.status', '=', 'active')
    .executeTakeFirst();
}

export async function insertRequest(db: Db, r: RequestRow): Promise<void> {
  await t(db).insertInto('exchange_requests').values(r).execute();
}

export interface TrafficRow extends RequestRow {
  client_code: string;
  client_name_zh: string;
  client_name_en: string;
}

/** Requests a department made (its clients) or answered (its datasets), newest first. */
export async function findTraffic(
  db: Db,
  departmentId: string,
  q: { beforeId?: string; limit: number },
): Promise<TrafficRow[]> {
  let query = t(db)
    .selectFrom('exchange_requests as r')
    .innerJoin('exchange_clients as c', 'c.id', 'r.client_id')
    .selectAll('r')
    .select(['c.client_id as client_code', 'c.name_zh as client_name_zh', 'c.name_en as client_name_en'])
    .where((eb) =>
      eb.or([
        eb('r.consumer_department_id', '=', departmentId),
        eb('r.provider_department_id', '=', departmentId),
      ]),
    );
  if (q.beforeId) query = query.where('r.id', '<', q.beforeId);
  return query.orderBy('r.id', 'desc').limit(q.limit).execute();
}
