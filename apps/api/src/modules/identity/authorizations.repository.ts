import type { AuthorizationKind, ProxyRelation } from '@tongban/contracts';
import { asTables, type Db } from '../../platform/db.ts';
import type { AccountRow } from './identity.repository.ts';

/** The only code that touches identity_authorizations (assisted filing, 代办). */
export interface AuthorizationRow {
  id: string;
  grantor_account_id: string;
  kind: AuthorizationKind;
  proxy_account_id: string | null;
  relation: ProxyRelation | null;
  department_id: string | null;
  item_codes: string[] | null;
  valid_from: Date;
  valid_until: Date;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  revoked_by: string | null;
  form_sha256: string | null;
  form_file_name: string | null;
  form_mime_type: string | null;
  subject_id: string | null;
}

interface Tables {
  identity_authorizations: AuthorizationRow;
  identity_accounts: AccountRow;
}

const t = (db: Db) => asTables<Tables>(db);

export async function insertAuthorization(tx: Db, row: AuthorizationRow): Promise<void> {
  await t(tx).insertInto('identity_authorizations').values(row).execute();
}

export async function findAuthorization(db: Db, id: string): Promise<AuthorizationRow | undefined> {
  return t(db).selectFrom('identity_authorizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The row under a share lock until the caller's transaction ends: a filer's action and a revocation
 * of the same authorization happen one after the other, never interleaved.
 */
export async function lockAuthorizationShared(tx: Db, id: string): Promise<AuthorizationRow | undefined> {
  return t(tx)
    .selectFrom('identity_authorizations')
    .selectAll()
    .where('id', '=', id)
    .forShare()
    .executeTakeFirst();
}

export async function lockAuthorization(tx: Db, id: string): Promise<AuthorizationRow | undefined> {
  return t(tx)
    .selectFrom('identity_authorizations')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function listAuthorizations(
  db: Db,
  q: { grantorId?: string; proxyId?: string; beforeId?: string; limit: number },
): Promise<AuthorizationRow[]> {
  let query = t(db).selectFrom('identity_authorizations').selectAll();
  if (q.grantorId) query = query.where('grantor_account_id', '=', q.grantorId);
  if (q.proxyId) query = query.where('proxy_account_id', '=', q.proxyId);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

/** How many of the grantor's authorizations are in force or yet to start at `at`. */
export async function countInForce(db: Db, grantorId: string, at: Date): Promise<number> {
  const row = await t(db)
    .selectFrom('identity_authorizations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('grantor_account_id', '=', grantorId)
    .where('revoked_at', 'is', null)
    .where('valid_until', '>', at)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The grantor's standing window authorizations for a department that are in force at `at`, newest first. */
export async function findStandingWindow(
  db: Db,
  grantorId: string,
  departmentId: string,
  at: Date,
): Promise<AuthorizationRow[]> {
  return t(db)
    .selectFrom('identity_authorizations')
    .selectAll()
    .where('grantor_account_id', '=', grantorId)
    .where('department_id', '=', departmentId)
    .where('kind', '=', 'window')
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', at)
    .where('valid_until', '>', at)
    .orderBy('id', 'desc')
    .execute();
}

export async function setRevoked(tx: Db, id: string, by: string, at: Date): Promise<AuthorizationRow> {
  return t(tx)
    .updateTable('identity_authorizations')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setSubject(tx: Db, id: string, subjectId: string): Promise<void> {
  await t(tx)
    .updateTable('identity_authorizations')
    .set({ subject_id: subjectId })
    .where('id', '=', id)
    .where('subject_id', 'is', null)
    .execute();
}

/** The citizen or enterprise account whose identifier has this blind index. */
export async function findAccountByIndex(db: Db, loginIndex: string): Promise<AccountRow | undefined> {
  return t(db)
    .selectFrom('identity_accounts')
    .selectAll()
    .where('login_index', '=', loginIndex)
    .executeTakeFirst();
}

export async function findAccountNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await t(db)
    .selectFrom('identity_accounts')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
