import type { AccountKind } from '@tongban/contracts';
import { asTables, type Db } from '../../platform/db.ts';

interface IdentityTables {
  identity_accounts: AccountRow;
  identity_profiles: ProfileRow;
  identity_sessions: SessionRow;
}

export interface AccountRow {
  id: string;
  kind: AccountKind;
  login_index: string | null;
  username: string | null;
  name: string;
  password_hash: string;
  failed_attempts: number;
  locked_until: Date | null;
  created_at: Date;
}

export interface ProfileRow {
  account_id: string;
  id_number_enc: string | null;
  birth_date: string | null;
  sex: 'male' | 'female' | null;
  phone_enc: string | null;
  email: string | null;
  address: string | null;
  company_name: string | null;
  credit_code_enc: string | null;
  legal_rep_name: string | null;
  /** Sealed (field cipher); the plain columns above are only read until the start pass has sealed them. */
  email_enc: string | null;
  address_enc: string | null;
  legal_rep_name_enc: string | null;
  updated_at: Date;
}

export interface SessionRow {
  id: string;
  account_id: string;
  token_hash: string;
  created_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  user_agent: string | null;
  ip: string | null;
}

const t = (db: Db) => asTables<IdentityTables>(db);

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

export async function insertAccount(db: Db, account: Omit<AccountRow, 'failed_attempts' | 'locked_until'>) {
  await t(db)
    .insertInto('identity_accounts')
    .values({ ...account, failed_attempts: 0, locked_until: null })
    .execute();
}

export async function insertProfile(db: Db, profile: ProfileRow) {
  await t(db).insertInto('identity_profiles').values(profile).execute();
}

/** The account signing in with this login: a blind-indexed identifier or a staff username. */
export async function findAccountByLogin(db: Db, login: { loginIndex: string; username: string }) {
  return t(db)
    .selectFrom('identity_accounts')
    .selectAll()
    .where((eb) => eb.or([eb('login_index', '=', login.loginIndex), eb('username', '=', login.username)]))
    .executeTakeFirst();
}

export async function findAccount(db: Db, id: string) {
  return t(db).selectFrom('identity_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function loginIndexTaken(db: Db, loginIndex: string): Promise<boolean> {
  const row = await t(db)
    .selectFrom('identity_accounts')
    .select('id')
    .where('login_index', '=', loginIndex)
    .executeTakeFirst();
  return row !== undefined;
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  const row = await t(db)
    .selectFrom('identity_accounts')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Counts one more consecutive failure in a single statement (two parallel attempts both count);
 * the failure that reaches `limit` locks the account until `lockUntil` and starts a new count.
 */
export async function recordFailedSignIn(
  db: Db,
  id: string,
  limit: number,
  lockUntil: Date,
): Promise<{ lockedNow: boolean }> {
  const row = await t(db)
    .updateTable('identity_accounts')
    .set((eb) => ({
      failed_attempts: eb
        .case()
        .when('failed_attempts', '>=', limit - 1)
        .then(0)
        .else(eb('failed_attempts', '+', 1))
        .end(),
      locked_until: eb
        .case()
        .when('failed_attempts', '>=', limit - 1)
        .then(lockUntil)
        .else(eb.ref('locked_until'))
        .end(),
    }))
    .where('id', '=', id)
    .returning(['failed_attempts', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { lockedNow: row.failed_attempts === 0 && row.locked_until?.getTime() === lockUntil.getTime() };
}

export async function clearFailedSignIns(db: Db, id: string) {
  await t(db)
    .updateTable('identity_accounts')
    .set({ failed_attempts: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}

export async function findProfile(db: Db, accountId: string) {
  return t(db)
    .selectFrom('identity_profiles')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function insertSession(db: Db, session: SessionRow) {
  await t(db).insertInto('identity_sessions').values(session).execute();
}

/** A live (not revoked) session by its token hash, with the account it belongs to. */
export async function findLiveSession(db: Db, tokenHash: string) {
  return t(db)
    .selectFrom('identity_sessions as s')
    .innerJoin('identity_accounts as a', 'a.id', 's.account_id')
    .select(['s.id', 's.account_id', 's.last_seen_at', 'a.kind', 'a.name'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, at: Date) {
  await t(db).updateTable('identity_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Live sessions of an account used since `activeSince`, newest first. */
export async function findActiveSessions(db: Db, accountId: string, activeSince: Date) {
  return t(db)
    .selectFrom('identity_sessions')
    .select(['id', 'created_at', 'last_seen_at', 'user_agent', 'ip'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .where('last_seen_at', '>', activeSince)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes one live session, named by id (of this account) or by token hash; undefined when none. */
export async function revokeSessionRow(
  db: Db,
  which: { id: string; accountId: string } | { tokenHash: string },
  at: Date,
) {
  const q = t(db).updateTable('identity_sessions').set({ revoked_at: at }).where('revoked_at', 'is', null);
  const one =
    'tokenHash' in which
      ? q.where('token_hash', '=', which.tokenHash)
      : q.where('id', '=', which.id).where('account_id', '=', which.accountId);
  return one.returning(['id', 'account_id']).executeTakeFirst();
}
