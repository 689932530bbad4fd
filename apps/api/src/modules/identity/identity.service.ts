import {
  type Account,
  type CitizenSignUpBody,
  type EnterpriseSignUpBody,
  type Locale,
  normalizeIdentifier,
  type Profile,
  type SignInBody,
} from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import {
  getProfile,
  type NewAccount,
  prepareAccount,
  presentAccount,
  storeAccount,
} from './identity.accounts.ts';
import { lookupIndex } from './identity.keys.ts';
import { burnPasswordCheck, verifyPassword } from './identity.passwords.ts';
import { clearFailedSignIns, findAccountByLogin, recordFailedSignIn } from './identity.repository.ts';
import { type ClientInfo, type IdentityContext, openSession } from './identity.sessions.ts';

const MAX_FAILED_SIGN_INS = 5;
const LOCK_MINUTES = 15;

export interface SignedIn {
  account: Account;
  /** The session token for the cookie. */
  token: string;
}

/** Registers a citizen or an enterprise with its real identifier and signs it in. */
export async function signUp(
  ctx: IdentityContext,
  input: ({ kind: 'citizen' } & CitizenSignUpBody) | ({ kind: 'enterprise' } & EnterpriseSignUpBody),
  client: ClientInfo,
  locale: Locale,
): Promise<SignedIn> {
  const now = ctx.now();
  const prepared = await prepareAccount(ctx.db, input, now, locale);
  const { id, kind, name } = prepared.account;
  return inTransaction(ctx.db, async (tx) => {
    await storeAccount(tx, prepared);
    const session = await openSession(tx, id, now, client);
    await appendAudit(tx, {
      actorId: id,
      actorKind: kind,
      action: 'account.signUp',
      subjectType: 'account',
      subjectId: id,
      personalData: true,
      details: { sessionId: session.id, ip: client.ip },
    });
    return { account: { id, kind, name, roles: [] }, token: session.token };
  });
}

/** Creates an account without signing it in (seeds, administration); recorded as a system action. */
export async function createAccount(db: Db, input: NewAccount): Promise<{ id: string }> {
  const prepared = await prepareAccount(db, input, new Date(), 'en');
  const { id, kind } = prepared.account;
  await inTransaction(db, async (tx) => {
    await storeAccount(tx, prepared);
    await appendAudit(tx, {
      actorId: null,
      actorKind: 'system',
      action: 'account.create',
      subjectType: 'account',
      subjectId: id,
      personalData: kind !== 'staff',
    });
  });
  return { id };
}

function lockedError(until: Date, now: Date): AppError {
  const retryAt = `${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError('ACCOUNT_LOCKED', [{ retryAt: until.toISOString() }], { retryAt, minutes });
}

/**
 * Signs in with an ID number, credit code or staff username. Every wrong login or password gets
 * the same INVALID_CREDENTIALS after the same hashing work; five failures in a row lock the
 * account for fifteen minutes; every attempt is audited (never with the password).
 */
export async function signIn(ctx: IdentityContext, input: SignInBody, client: ClientInfo): Promise<SignedIn> {
  const login = input.login.trim();
  const account = await findAccountByLogin(ctx.db, {
    loginIndex: lookupIndex(normalizeIdentifier(login)),
    username: login.toLowerCase(),
  });
  const now = ctx.now();
  const failure = (db: Db, subjectId: string, reason: string) =>
    appendAudit(db, {
      actorId: null,
      actorKind: 'system',
      action: 'account.signInFailed',
      subjectType: 'account',
      subjectId,
      details: { reason, ip: client.ip },
    });

  if (!account) {
    await burnPasswordCheck(input.password);
    await inTransaction(ctx.db, (tx) => failure(tx, 'unknown', 'unknownLogin'));
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (account.locked_until && account.locked_until > now) {
    await inTransaction(ctx.db, (tx) => failure(tx, account.id, 'locked'));
    throw lockedError(account.locked_until, now);
  }
  if (!(await verifyPassword(account.password_hash, input.password))) {
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    const { lockedNow } = await inTransaction(ctx.db, async (tx) => {
      const counted = await recordFailedSignIn(tx, account.id, MAX_FAILED_SIGN_INS, lockUntil);
      await failure(tx, account.id, counted.lockedNow ? 'wrongPasswordLocked' : 'wrongPassword');
      return counted;
    });
    throw lockedNow ? lockedError(lockUntil, now) : new AppError('INVALID_CREDENTIALS');
  }
  return inTransaction(ctx.db, async (tx) => {
    await clearFailedSignIns(tx, account.id);
    const session = await openSession(tx, account.id, now, client);
    const shown = await presentAccount(tx, account);
    await appendAudit(tx, {
      actorId: account.id,
      actorKind: account.kind,
      action: 'account.signIn',
      subjectType: 'account',
      subjectId: account.id,
      details: { sessionId: session.id, ip: client.ip },
    });
    return { account: shown, token: session.token };
  });
}

/** The signed-in user's account and full profile: their own data, but still a recorded read. */
export async function getMe(
  ctx: IdentityContext,
  actor: Actor,
): Promise<{ account: Account; profile: Profile }> {
  return inTransaction(ctx.db, async (tx) => {
    const account = await presentAccount(tx, { id: actor.accountId, kind: actor.kind, name: actor.name });
    const profile = await getProfile(tx, actor.accountId);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'profile.read',
      subjectType: 'account',
      subjectId: actor.accountId,
      personalData: true,
    });
    return { account, profile };
  });
}
