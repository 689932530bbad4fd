import { sql } from 'kysely';
import type { CryptoSuite, PublicJwk, SigningAlg } from '../../platform/crypto.ts';
import { asTables, type Db } from '../../platform/db.ts';

// The only code that touches the trust_keys table.

export type KeyStatus = 'active' | 'retired' | 'compromised';

export interface KeyRow {
  kid: string;
  owner: string;
  purpose: string;
  alg: SigningAlg;
  public_jwk: PublicJwk;
  private_sealed: Buffer;
  sealed_with: CryptoSuite;
  status: KeyStatus;
  created_at: Date;
  retired_at: Date | null;
  compromised_at: Date | null;
  created_by: string | null;
}

interface Tables {
  trust_keys: KeyRow;
}

const t = (db: Db) => asTables<Tables>(db);

/** Every column but the sealed private key, which only signing needs. */
const PUBLIC = [
  'kid',
  'owner',
  'purpose',
  'alg',
  'public_jwk',
  'sealed_with',
  'status',
  'created_at',
  'retired_at',
  'compromised_at',
  'created_by',
] as const;
export type KeyInfoRow = Pick<KeyRow, (typeof PUBLIC)[number]>;

/** The purpose of every key so far (documents, credentials, tree heads). */
export const SIGN = 'sign';

/** Serializes key changes of one owner (create, rotate, compromise) across processes. */
export async function lockOwner(tx: Db, owner: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`trust.keys:${owner}`}))`.execute(tx);
}

/** Inserts a key; with `status: 'active'`, nothing (undefined) when the owner already has one. */
export async function insertKey(db: Db, row: KeyRow): Promise<string | undefined> {
  const r = await t(db)
    .insertInto('trust_keys')
    .values({ ...row, public_jwk: JSON.stringify(row.public_jwk) as never })
    .onConflict((oc) => oc.columns(['owner', 'purpose']).where('status', '=', 'active').doNothing())
    .returning('kid')
    .executeTakeFirst();
  return r?.kid;
}

/** The owner's active key with its sealed private key. */
export function findActiveKey(db: Db, owner: string): Promise<KeyRow | undefined> {
  return t(db)
    .selectFrom('trust_keys')
    .selectAll()
    .where('owner', '=', owner)
    .where('purpose', '=', SIGN)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export function findKey(
  db: Db,
  kid: string,
  opts: { forUpdate?: boolean } = {},
): Promise<KeyInfoRow | undefined> {
  let q = t(db).selectFrom('trust_keys').select(PUBLIC).where('kid', '=', kid);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Keys of some owners, newest first, after the cursor position. */
export function listKeys(
  db: Db,
  q: {
    owners?: string[];
    statuses?: KeyStatus[];
    limit: number;
    after?: { createdAt: Date; kid: string };
  },
): Promise<KeyInfoRow[]> {
  let query = t(db).selectFrom('trust_keys').select(PUBLIC);
  if (q.owners) {
    if (q.owners.length === 0) return Promise.resolve([]);
    query = query.where('owner', 'in', q.owners);
  }
  if (q.statuses) query = query.where('status', 'in', q.statuses);
  const after = q.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('kid', '>', after.kid)]),
      ]),
    );
  }
  return query.orderBy('created_at', 'desc').orderBy('kid').limit(q.limit).execute();
}

export async function retireKey(db: Db, kid: string, at: Date): Promise<void> {
  await t(db)
    .updateTable('trust_keys')
    .set({ status: 'retired', retired_at: at })
    .where('kid', '=', kid)
    .where('status', '=', 'active')
    .execute();
}

export async function markCompromised(db: Db, kid: string, at: Date): Promise<void> {
  await t(db)
    .updateTable('trust_keys')
    .set({ status: 'compromised', compromised_at: at })
    .where('kid', '=', kid)
    .where('status', '!=', 'compromised')
    .execute();
}

/** Tells every process (LISTEN) that keys changed; delivered when the transaction commits. */
export async function notifyKeysChanged(tx: Db, channel: string, owner: string): Promise<void> {
  await sql`SELECT pg_notify(${channel}, ${owner})`.execute(tx);
}
