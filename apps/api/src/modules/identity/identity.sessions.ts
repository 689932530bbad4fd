import { createHash, randomBytes } from 'node:crypto';
import type { SessionView } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { Config } from '../../platform/config.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { rolesOf } from '../org/index.ts';
import {
  findActiveSessions,
  findLiveSession,
  insertSession,
  revokeSessionRow,
  touchSession,
} from './identity.repository.ts';

export const SESSION_COOKIE = 'tb_session';
// last_seen_at is written at most this often, so reads do not each become a write.
const TOUCH_EVERY_MS = 60_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** What identity's use cases need from the platform (never Fastify). */
export interface IdentityContext {
  db: Db;
  now(): Date;
  config: Pick<Config, 'sessionIdleSeconds'>;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

// Only the token's hash is stored: reading the table does not let anyone act as a user.
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a session; the returned token goes into the cookie and nowhere else. */
export async function openSession(db: Db, accountId: string, at: Date, client: ClientInfo) {
  const token = randomBytes(32).toString('base64url');
  const id = uuidv7();
  await insertSession(db, {
    id,
    account_id: accountId,
    token_hash: hashToken(token),
    created_at: at,
    last_seen_at: at,
    revoked_at: null,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
    ip: client.ip,
  });
  return { id, token };
}

function idleCutoff(ctx: IdentityContext, now: Date): Date {
  return new Date(now.getTime() - ctx.config.sessionIdleSeconds * 1000);
}

/** The actor behind a session cookie, or null when it is unknown, revoked or idle too long. */
export async function resolveSession(ctx: IdentityContext, token: string | undefined): Promise<Actor | null> {
  if (!token || !TOKEN.test(token)) return null;
  const session = await findLiveSession(ctx.db, hashToken(token));
  if (!session) return null;
  const now = ctx.now();
  if (session.last_seen_at <= idleCutoff(ctx, now)) return null;
  if (now.getTime() - session.last_seen_at.getTime() >= TOUCH_EVERY_MS)
    await touchSession(ctx.db, session.id, now);
  return {
    accountId: session.account_id,
    kind: session.kind,
    name: session.name,
    roles: session.kind === 'staff' ? await rolesOf(ctx.db, session.account_id) : [],
    sessionId: session.id,
  };
}

export async function listMySessions(ctx: IdentityContext, actor: Actor): Promise<SessionView[]> {
  const rows = await findActiveSessions(ctx.db, actor.accountId, idleCutoff(ctx, ctx.now()));
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    userAgent: r.user_agent,
    ip: r.ip,
    current: r.id === actor.sessionId,
  }));
}

/** Ends one of the actor's own sessions (sign-out is the current one); SESSION_NOT_FOUND otherwise. */
export async function revokeMySession(
  ctx: IdentityContext,
  actor: Actor,
  sessionId: string,
  action: 'account.signOut' | 'session.revoke',
): Promise<{ current: boolean }> {
  return inTransaction(ctx.db, async (tx) => {
    const revoked = await revokeSessionRow(tx, { id: sessionId, accountId: actor.accountId }, ctx.now());
    if (!revoked) throw new AppError('SESSION_NOT_FOUND');
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action,
      subjectType: 'session',
      subjectId: sessionId,
    });
    return { current: sessionId === actor.sessionId };
  });
}
