import type { Config } from '../../platform/config.ts';
import type { PlatformContext } from '../../platform/context.ts';
import {
  aeadDecrypt,
  aeadEncrypt,
  CryptoError,
  decodeCompactJws,
  defaultSigningAlg,
  digest,
  generateSigningKey,
  jwkThumbprint,
  type PrivateJwk,
  type PublicJwk,
  type SigningAlg,
  signBytes,
  signCompactJws,
  verifyCompactJws,
} from '../../platform/crypto.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { followInvalidations, type InvalidationFollower, type Listen } from '../../platform/listen.ts';
import { appendAudit } from '../audit/index.ts';
import { getDepartment } from '../org/index.ts';
import * as repo from './trust.repository.ts';

/**
 * Signing keys: one active key per owner (a department, or 'platform'), made on first use with
 * the deployment suite's algorithm, rotated (the old one retired: it still verifies) or marked
 * compromised (it verifies nothing any more). Private keys are stored sealed with the KEK and
 * kept unsealed in memory per process while LISTEN tells it about every change.
 */

export type KeyStatus = repo.KeyStatus;

/** What key operations need of the platform context (the CLI builds just this). */
export type KeyContext = Pick<PlatformContext, 'config' | 'db' | 'now'>;

export interface TrustedKey {
  kid: string;
  owner: string;
  alg: SigningAlg;
  publicJwk: PublicJwk;
  status: KeyStatus;
  createdAt: string;
  retiredAt?: string;
  compromisedAt?: string;
  createdBy: string | null;
}

interface ActiveKey {
  kid: string;
  alg: SigningAlg;
  privateJwk: PrivateJwk;
}

/** Every key change NOTIFYs this channel (payload: the owner) in its transaction. */
export const KEYS_CHANNEL = 'tongban_trust_keys';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Active keys (unsealed) per owner and public keys per kid, kept while LISTEN is active: without
 * it every call reads the database, since a rotation or compromise elsewhere would go unnoticed.
 */
export class KeyCache {
  private readonly active = new Map<string, Promise<ActiveKey>>();
  private readonly trusted = new Map<string, TrustedKey>();
  private follower: InvalidationFollower | undefined;
  /** Private keys unsealed so far (hits do not unseal). */
  unseals = 0;

  /** The app's pool: where committed keys are read from, whatever transaction the caller is in. */
  private committed: Db | undefined;

  async listen(listen: Listen, committed: Db): Promise<() => Promise<void>> {
    this.committed = committed;
    const follower = await followInvalidations(listen, KEYS_CHANNEL, () => this.invalidate());
    this.follower = follower;
    return () => follower.stop();
  }

  get isLive(): boolean {
    return this.follower?.live ?? false;
  }

  invalidate(): void {
    this.active.clear();
    this.trusted.clear();
  }

  activeKey(ctx: KeyContext, ownerGiven: string): Promise<ActiveKey> {
    // Department ids are stored in lower case; one spelling, one cache entry.
    const owner = ownerGiven === 'platform' ? ownerGiven : ownerGiven.toLowerCase();
    const committed = this.committed;
    if (!this.isLive || !committed) return this.loadActive(ctx, owner);
    const cached = this.active.get(owner);
    if (cached) return cached.catch(() => this.loadActive(ctx, owner));
    const loading = this.loadCommitted(ctx, committed, owner);
    this.active.set(owner, loading);
    loading.catch(() => {
      if (this.active.get(owner) === loading) this.active.delete(owner);
    });
    return loading;
  }

  /**
   * The owner's committed active key, read outside any caller's transaction (which may hold
   * uncommitted key changes of its own), so a caller's transaction signs with the cached key too:
   * key changes empty the cache before and after their transaction. An owner with no key yet gets
   * its first one in the caller's transaction; when that is a transaction, it is not cached.
   */
  private async loadCommitted(ctx: KeyContext, committed: Db, owner: string): Promise<ActiveKey> {
    const row = await repo.findActiveKey(committed, owner);
    if (row) return this.unsealed(ctx, row);
    const first = this.loadActive(ctx, owner);
    if (ctx.db.isTransaction) this.active.delete(owner);
    return first;
  }

  async trustedKey(db: Db, kid: string): Promise<TrustedKey | undefined> {
    const cached = this.isLive && !db.isTransaction ? this.trusted.get(kid) : undefined;
    if (cached) return cached;
    const row = await repo.findKey(db, kid);
    if (!row) return undefined;
    const key = trustedKeyOf(row);
    if (this.isLive && !db.isTransaction) this.trusted.set(kid, key);
    return key;
  }

  private async loadActive(ctx: KeyContext, owner: string): Promise<ActiveKey> {
    return this.unsealed(
      ctx,
      (await repo.findActiveKey(ctx.db, owner)) ?? (await createFirstKey(ctx, owner)),
    );
  }

  private unsealed(ctx: KeyContext, row: repo.KeyRow): ActiveKey {
    this.unseals += 1;
    return { kid: row.kid, alg: row.alg, privateJwk: unseal(ctx.config, row) };
  }
}

// One cache per app: tests run several apps (databases) in one process. The config object is the
// app's own and survives `{ ...ctx, db: tx }` copies of the context.
const caches = new WeakMap<Config, KeyCache>();

export function keyCache(ctx: Pick<PlatformContext, 'config'>): KeyCache {
  let cache = caches.get(ctx.config);
  if (!cache) {
    cache = new KeyCache();
    caches.set(ctx.config, cache);
  }
  return cache;
}

function trustedKeyOf(row: repo.KeyInfoRow): TrustedKey {
  return {
    kid: row.kid,
    owner: row.owner,
    alg: row.alg,
    publicJwk: row.public_jwk,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    ...(row.retired_at ? { retiredAt: row.retired_at.toISOString() } : {}),
    ...(row.compromised_at ? { compromisedAt: row.compromised_at.toISOString() } : {}),
    createdBy: row.created_by,
  };
}

function kek(config: Config): Buffer {
  const key = Buffer.from(config.trustKek, 'base64url');
  if (key.length !== 32) throw new AppError('TRUST_KEK_INVALID');
  return key;
}

function unseal(config: Config, row: repo.KeyRow): PrivateJwk {
  try {
    const plain = aeadDecrypt(row.sealed_with, kek(config), row.private_sealed, Buffer.from(row.kid, 'utf8'));
    return JSON.parse(plain.toString('utf8')) as PrivateJwk;
  } catch (err) {
    if (err instanceof CryptoError) throw new AppError('TRUST_KEK_INVALID');
    throw err;
  }
}

/** A fresh key row (not stored): kid = RFC 7638 thumbprint, private key sealed under the deployment suite. */
function newKeyRow(ctx: KeyContext, owner: string, alg: SigningAlg, createdBy: string | null): repo.KeyRow {
  const { publicJwk, privateJwk } = generateSigningKey(alg);
  const kid = jwkThumbprint(publicJwk);
  const suite = ctx.config.cryptoSuite;
  const sealed = aeadEncrypt(
    suite,
    kek(ctx.config),
    Buffer.from(JSON.stringify(privateJwk), 'utf8'),
    Buffer.from(kid, 'utf8'),
  );
  return {
    kid,
    owner,
    purpose: repo.SIGN,
    alg,
    public_jwk: publicJwk,
    private_sealed: sealed,
    sealed_with: suite,
    status: 'active',
    created_at: ctx.now(),
    retired_at: null,
    compromised_at: null,
    created_by: createdBy,
  };
}

/** 'platform' or a department id (lower case); TRUST_OWNER_NOT_FOUND for anything else. */
export async function checkOwner(db: Db, owner: string): Promise<string> {
  if (owner === 'platform') return owner;
  const id = owner.toLowerCase();
  if (!UUID.test(id) || !(await getDepartment(db, id))) throw new AppError('TRUST_OWNER_NOT_FOUND');
  return id;
}

/**
 * The owner's first key, made with the suite's default algorithm. Two processes doing this at
 * once both insert; the unique index keeps one, and both then use that one.
 */
async function createFirstKey(ctx: KeyContext, owner: string): Promise<repo.KeyRow> {
  const id = await checkOwner(ctx.db, owner);
  const row = newKeyRow(ctx, id, defaultSigningAlg(ctx.config.cryptoSuite), null);
  await inTransaction(ctx.db, async (tx) => {
    if (!(await repo.insertKey(tx, row))) return;
    await repo.notifyKeysChanged(tx, KEYS_CHANNEL, id);
    await appendAudit(tx, {
      actorId: null,
      actorKind: 'system',
      action: 'trust.key.create',
      subjectType: 'trust.key',
      subjectId: row.kid,
      details: { owner: id, alg: row.alg, reason: 'firstUse' },
    });
  });
  const active = await repo.findActiveKey(ctx.db, id);
  if (!active) throw new AppError('TRUST_KEY_NOT_FOUND');
  return active;
}

/** Audits one signature: who signed, with which key, what kind of thing, and the digest of what. */
async function auditSign(
  ctx: KeyContext,
  owner: string,
  key: ActiveKey,
  purpose: string,
  signed: Uint8Array,
): Promise<void> {
  await appendAudit(ctx.db, {
    actorId: null,
    actorKind: 'system',
    action: 'trust.sign',
    subjectType: 'trust.key',
    subjectId: key.kid,
    details: {
      owner,
      alg: key.alg,
      purpose,
      digest: digest(ctx.config.cryptoSuite, signed).toString('hex'),
    },
  });
}

/**
 * Signs with the owner's active key (made on first use). The header gets kid and alg; the
 * signature is audited ('trust.sign', purpose = header.typ).
 */
export async function signJwsAs(
  ctx: KeyContext,
  owner: string,
  payload: Uint8Array | Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<{ jws: string; kid: string; alg: SigningAlg }> {
  const key = await keyCache(ctx).activeKey(ctx, owner);
  const jws = signCompactJws(key, payload, header);
  const signingInput = jws.slice(0, jws.lastIndexOf('.'));
  await auditSign(
    ctx,
    owner,
    key,
    typeof header.typ === 'string' ? header.typ : 'jws',
    Buffer.from(signingInput),
  );
  return { jws, kid: key.kid, alg: key.alg };
}

/** A raw signature (64 bytes) over `data` with the owner's active key; audited like signJwsAs. */
export async function signBytesAs(
  ctx: KeyContext,
  owner: string,
  data: Uint8Array,
): Promise<{ kid: string; alg: SigningAlg; signature: Buffer }> {
  const key = await keyCache(ctx).activeKey(ctx, owner);
  const signature = signBytes(key.alg, key.privateJwk, data);
  await auditSign(ctx, owner, key, 'bytes', data);
  return { kid: key.kid, alg: key.alg, signature };
}

export function trustedKey(ctx: KeyContext, kid: string): Promise<TrustedKey | undefined> {
  return keyCache(ctx).trustedKey(ctx.db, kid);
}

/**
 * Verifies a compact JWS made by one of our keys (found by the header's kid): retired keys still
 * verify, compromised ones never do.
 */
export async function verifyJwsWithTrust(
  ctx: KeyContext,
  jws: string,
): Promise<{ header: Record<string, unknown>; payload: Uint8Array; key: TrustedKey }> {
  let kid: unknown;
  try {
    kid = decodeCompactJws(jws).header.kid;
  } catch {
    throw new AppError('TRUST_SIGNATURE_INVALID');
  }
  const key = typeof kid === 'string' && kid.length <= 100 ? await trustedKey(ctx, kid) : undefined;
  if (!key) throw new AppError('TRUST_KEY_UNKNOWN');
  if (key.status === 'compromised') throw new AppError('TRUST_KEY_COMPROMISED');
  try {
    const { header, payload } = verifyCompactJws(jws, key);
    return { header, payload, key };
  } catch {
    throw new AppError('TRUST_SIGNATURE_INVALID');
  }
}

/** Keys that verify signatures (active and retired) of one owner or of all, newest first. */
export async function verifyingKeys(db: Db, owner?: string): Promise<TrustedKey[]> {
  const rows = await repo.listKeys(db, {
    ...(owner ? { owners: [owner] } : {}),
    statuses: ['active', 'retired'],
    limit: 10_000,
  });
  return rows.map(trustedKeyOf);
}

export interface KeyChange {
  /** The key acted on (rotated, compromised) or created. */
  key: TrustedKey;
  /** The owner's active key afterwards. */
  active: TrustedKey | null;
}

export interface KeyReplacement {
  /** The key that was active before, now retired. */
  retired: TrustedKey | null;
  active: TrustedKey;
}

export interface ChangeActor {
  accountId: string | null;
  kind: 'staff' | 'system';
}

/**
 * Makes a new active key for the owner, retiring the current one, in one transaction under the
 * owner's lock; audited as `action`.
 */
export async function replaceActiveKey(
  ctx: KeyContext,
  actor: ChangeActor,
  owner: string,
  opts: { alg?: SigningAlg; expectKid?: string; action: string; details?: Record<string, unknown> },
): Promise<KeyReplacement> {
  const id = await checkOwner(ctx.db, owner);
  const cache = keyCache(ctx);
  cache.invalidate();
  try {
    return await inTransaction(ctx.db, async (tx) => {
      await repo.lockOwner(tx, id);
      const current = await repo.findActiveKey(tx, id);
      if (opts.expectKid && current?.kid !== opts.expectKid) {
        const key = await repo.findKey(tx, opts.expectKid);
        if (!key || key.owner !== id) throw new AppError('TRUST_KEY_NOT_FOUND');
        throw new AppError('TRUST_KEY_NOT_ACTIVE', [], { status: key.status });
      }
      const now = ctx.now();
      if (current) await repo.retireKey(tx, current.kid, now);
      const alg = opts.alg ?? current?.alg ?? defaultSigningAlg(ctx.config.cryptoSuite);
      const row = newKeyRow(ctx, id, alg, actor.accountId);
      await repo.insertKey(tx, row);
      await repo.notifyKeysChanged(tx, KEYS_CHANNEL, id);
      const created = trustedKeyOf(row);
      await appendAudit(tx, {
        actorId: actor.accountId,
        actorKind: actor.kind,
        action: opts.action,
        subjectType: 'trust.key',
        subjectId: current?.kid ?? row.kid,
        details: { owner: id, alg, newKid: row.kid, retiredKid: current?.kid ?? null, ...opts.details },
      });
      const retired = current ? await repo.findKey(tx, current.kid) : undefined;
      return { retired: retired ? trustedKeyOf(retired) : null, active: created };
    });
  } finally {
    cache.invalidate();
  }
}

/**
 * Marks a key compromised: its signatures stop verifying. When it was the active key, a new one
 * (same algorithm) takes its place at once.
 */
export async function compromiseKey(
  ctx: KeyContext,
  actor: ChangeActor,
  kid: string,
  reason?: string,
): Promise<KeyChange> {
  const cache = keyCache(ctx);
  cache.invalidate();
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const before = await repo.findKey(tx, kid);
      if (!before) throw new AppError('TRUST_KEY_NOT_FOUND');
      await repo.lockOwner(tx, before.owner);
      const key = await repo.findKey(tx, kid, { forUpdate: true });
      if (!key) throw new AppError('TRUST_KEY_NOT_FOUND');
      if (key.status === 'compromised') throw new AppError('TRUST_KEY_ALREADY_COMPROMISED');
      await repo.markCompromised(tx, kid, ctx.now());
      let replacement: repo.KeyRow | undefined;
      if (key.status === 'active') {
        replacement = newKeyRow(ctx, key.owner, key.alg, actor.accountId);
        await repo.insertKey(tx, replacement);
      }
      await repo.notifyKeysChanged(tx, KEYS_CHANNEL, key.owner);
      await appendAudit(tx, {
        actorId: actor.accountId,
        actorKind: actor.kind,
        action: 'trust.key.compromise',
        subjectType: 'trust.key',
        subjectId: kid,
        details: {
          owner: key.owner,
          wasStatus: key.status,
          newKid: replacement?.kid ?? null,
          reason: reason ?? null,
        },
      });
      const after = await repo.findKey(tx, kid);
      const active = replacement ?? (await repo.findActiveKey(tx, key.owner));
      return { key: trustedKeyOf(after ?? key), active: active ? trustedKeyOf(active) : null };
    });
  } finally {
    cache.invalidate();
  }
}

/** Keys of the given owners (all owners when undefined), newest first, cursor-paged. */
export async function listKeyPage(
  db: Db,
  q: { owners?: string[]; status?: KeyStatus; limit?: number; cursor?: string },
): Promise<{ items: TrustedKey[]; nextCursor: string | null }> {
  const limit = q.limit ?? 20;
  let after: { createdAt: Date; kid: string } | undefined;
  if (q.cursor) {
    try {
      const [at, kid] = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')) as [string, string];
      after = { createdAt: new Date(at), kid };
      if (Number.isNaN(after.createdAt.getTime()) || typeof kid !== 'string') throw new Error('cursor');
    } catch {
      throw new AppError('VALIDATION_FAILED', [
        { pointer: '/cursor', code: 'cursor', message: 'invalid cursor' },
      ]);
    }
  }
  const rows = await repo.listKeys(db, {
    ...(q.owners ? { owners: q.owners } : {}),
    ...(q.status ? { statuses: [q.status] } : {}),
    limit: limit + 1,
    ...(after ? { after } : {}),
  });
  const items = rows.slice(0, limit).map(trustedKeyOf);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    items,
    nextCursor: last
      ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.kid])).toString('base64url')
      : null,
  };
}

export async function findTrustedKey(db: Db, kid: string): Promise<TrustedKey | undefined> {
  const row = await repo.findKey(db, kid);
  return row ? trustedKeyOf(row) : undefined;
}
