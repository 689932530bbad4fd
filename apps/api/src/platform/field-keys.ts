import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { aeadDecrypt, aeadEncrypt, type CryptoSuite } from './crypto.ts';
import { type Db, inTransaction } from './db.ts';
import { AppError } from './errors.ts';
import type { Listen } from './listen.ts';
import { blindIndex, decryptField, FieldKeyError, type FieldKeys, fieldKeys } from './pii.ts';

/**
 * Envelope encryption of personal fields at rest (DESIGN.md rule 10). The configured `fieldKey`
 * (FIELD_KEY) is the key-encryption key (KEK): it only wraps data keys, which are random 32-byte
 * keys kept wrapped in `platform_field_keys` with the suite they were made for. Every value is
 * sealed under the one active data key as `v2.<keyId>.<base64url sealed>`; values from before
 * envelope keys (`v1.…`, sealed with the KEK itself) stay readable until the re-encryption job
 * (field-keys-rotation.ts) rewrites them. The blind index key is derived from the KEK, not from a
 * data key, so exact lookups keep working across data-key rotation.
 */

export type FieldKeyStatus = 'active' | 'retiring' | 'retired';

export interface FieldKeyRow {
  id: string;
  suite: CryptoSuite;
  wrapped_key: string | null;
  status: FieldKeyStatus;
  created_at: Date;
  retiring_since: Date | null;
  drained_at: Date | null;
  retired_at: Date | null;
}

interface RingKey {
  id: string;
  suite: CryptoSuite;
  key: Buffer;
  status: FieldKeyStatus;
}

/** The legacy key: the KEK itself, AES-256-GCM, format `v1.<iv>.<body>.<tag>` (pii.ts). */
export const LEGACY_KEY_ID = 'v1';
const V2 = 'v2';
/** Channel the table's trigger notifies on every insert or update of a key. */
export const FIELD_KEYS_CHANNEL = 'tongban_field_keys';

const wrapAad = (id: string) => Buffer.from(`tongban field key ${id}`);
const valueAad = (id: string) => Buffer.from(`${V2}.${id}`);

function kekBytes(kek: string): Buffer {
  const bytes = Buffer.from(kek, 'base64url');
  if (bytes.length !== 32) throw new FieldKeyError('fieldKey must decode to 32 bytes');
  return bytes;
}

/** The key id a stored value is sealed under ('v1' for the legacy format), or undefined if it is no sealed value. */
export function keyIdOf(stored: string): string | undefined {
  if (stored.startsWith(`${LEGACY_KEY_ID}.`)) return LEGACY_KEY_ID;
  if (!stored.startsWith(`${V2}.`)) return undefined;
  const end = stored.indexOf('.', V2.length + 1);
  return end > 0 ? stored.slice(V2.length + 1, end) : undefined;
}

export async function listFieldKeys(db: Db): Promise<FieldKeyRow[]> {
  const { rows } = await sql<FieldKeyRow>`
    SELECT id, suite, wrapped_key, status, created_at, retiring_since, drained_at, retired_at
    FROM platform_field_keys ORDER BY created_at, id`.execute(db);
  return rows;
}

export interface RotateOptions {
  kek: string;
  suite: CryptoSuite;
  now: Date;
  /** Rotate only when this says so, judged under the lock (e.g. no active key yet); default always. */
  when?: (active: FieldKeyRow | undefined) => boolean;
}

/**
 * Makes a new random data key of `suite` the active one; the active key before it becomes
 * retiring (still decrypts; the re-encryption job moves its values to the new key). On a database
 * without keys, the legacy KEK is recorded as retiring too, so values sealed before envelope keys
 * are swept the same way. Returns the new key, or undefined when `when` declined.
 */
export async function rotateFieldKey(db: Db, opts: RotateOptions): Promise<FieldKeyRow | undefined> {
  const kek = kekBytes(opts.kek);
  return inTransaction(db, async (tx) => {
    // Self-conflicting: two rotations (or two processes starting on an empty table) take turns.
    await sql`LOCK TABLE platform_field_keys IN SHARE ROW EXCLUSIVE MODE`.execute(tx);
    const keys = await listFieldKeys(tx);
    const active = keys.find((k) => k.status === 'active');
    if (opts.when && !opts.when(active)) return undefined;
    if (!keys.some((k) => k.id === LEGACY_KEY_ID)) {
      await sql`INSERT INTO platform_field_keys (id, suite, wrapped_key, status, created_at, retiring_since)
        VALUES (${LEGACY_KEY_ID}, 'intl', NULL, 'retiring', ${opts.now}, ${opts.now})`.execute(tx);
    }
    if (active) {
      await sql`UPDATE platform_field_keys SET status = 'retiring', retiring_since = ${opts.now}, drained_at = NULL
        WHERE id = ${active.id}`.execute(tx);
    }
    const id = uuidv7();
    const wrapped = aeadEncrypt(opts.suite, kek, randomBytes(32), wrapAad(id)).toString('base64url');
    const { rows } = await sql<FieldKeyRow>`
      INSERT INTO platform_field_keys (id, suite, wrapped_key, status, created_at)
      VALUES (${id}, ${opts.suite}, ${wrapped}, 'active', ${opts.now})
      RETURNING id, suite, wrapped_key, status, created_at, retiring_since, drained_at, retired_at`.execute(
      tx,
    );
    return rows[0];
  });
}

/**
 * A new key-encryption key: every data key is unwrapped with the old KEK and wrapped again with the
 * new one (the data keys, and so every sealed value, stay as they are). Values still in the legacy
 * format are sealed with the old KEK itself, so the change is refused while any are left (run the
 * re-encryption job first). Blind indexes are keyed from the KEK too: the caller re-indexes them in
 * the same transaction (TongbanModule.reindex).
 */
export async function rewrapFieldKeys(db: Db, oldKek: string, newKek: string): Promise<number> {
  const from = kekBytes(oldKek);
  const to = kekBytes(newKek);
  const keys = await listFieldKeys(db);
  let n = 0;
  for (const row of keys) {
    if (!row.wrapped_key) continue;
    let key: Buffer;
    try {
      key = aeadDecrypt(row.suite, from, Buffer.from(row.wrapped_key, 'base64url'), wrapAad(row.id));
    } catch {
      throw new FieldKeyError(`data key ${row.id} does not open with the previous field key`);
    }
    const wrapped = aeadEncrypt(row.suite, to, key, wrapAad(row.id)).toString('base64url');
    await sql`UPDATE platform_field_keys SET wrapped_key = ${wrapped} WHERE id = ${row.id}`.execute(db);
    n++;
  }
  return n;
}

/**
 * A module's hold on its app's field cipher, for a public API that takes only a database handle
 * (`getProfile(db, id)`): the module's `subscribe` hands the cipher over when the app is built.
 */
export function cipherSlot(module: string): { use(fields: FieldCipher): void; get(): FieldCipher } {
  let cipher: FieldCipher | undefined;
  return {
    use(fields) {
      cipher = fields;
    },
    get() {
      if (!cipher)
        throw new Error(`${module}: no field cipher (the module was not subscribed when the app was built)`);
      return cipher;
    },
  };
}

/**
 * Seals and opens personal fields with the deployment's key ring; one per app (`ctx.fields`).
 * `encrypt`, `decrypt` and `blindIndex` are synchronous once the ring is loaded (the app loads it
 * at start, after migrations, and before any request); the ring follows keys added or retired in
 * other processes through NOTIFY. A value under a key this process has not heard of yet (another
 * process rotated a moment ago) makes `decryptAsync` reload the ring once before failing; the
 * synchronous `decrypt` starts that reload and fails with FIELD_KEY_UNAVAILABLE (503, retry).
 */
export class FieldCipher {
  private readonly kek: Buffer;
  private readonly legacy: FieldKeys;
  private ring = new Map<string, RingKey>();
  private active: RingKey | undefined;
  private loading: Promise<void> | undefined;
  private again: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    kek: string,
    /** The deployment's suite: new data keys are made for it, and a key of another suite is rotated away. */
    readonly suite: CryptoSuite,
    private readonly now: () => Date = () => new Date(),
    private readonly log?: Logger,
  ) {
    this.kek = kekBytes(kek);
    this.legacy = fieldKeys(kek);
  }

  get loaded(): boolean {
    return this.active !== undefined;
  }

  /** The id of the key new values are sealed under. */
  get activeKeyId(): string {
    return this.requireActive().id;
  }

  /** Loads the ring unless it is loaded already. */
  async ready(): Promise<void> {
    if (!this.active) await this.reload();
  }

  /**
   * Reads the ring again (creating the first data key, or one of the deployment's suite, when
   * missing). Concurrent callers share one read; a call during a read gets a fresh one after it,
   * so a NOTIFY arriving mid-read is never lost.
   */
  reload(): Promise<void> {
    if (this.loading) {
      this.again ??= this.loading
        .catch(() => undefined)
        .then(() => {
          this.again = undefined;
          return this.reload();
        });
      return this.again;
    }
    this.loading = this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    let rows = await listFieldKeys(this.db);
    const current = rows.find((k) => k.status === 'active');
    if (!current || current.suite !== this.suite) {
      const made = await rotateFieldKey(this.db, {
        kek: this.kek.toString('base64url'),
        suite: this.suite,
        now: this.now(),
        when: (active) => !active || active.suite !== this.suite,
      });
      if (made) this.log?.info({ keyId: made.id, suite: made.suite }, 'field data key created');
      rows = await listFieldKeys(this.db);
    }
    const ring = new Map<string, RingKey>();
    for (const row of rows) {
      if (!row.wrapped_key) continue;
      // Reuse what is unwrapped already: only the status of a known key changes.
      const known = this.ring.get(row.id);
      const key = known?.key ?? this.unwrap(row);
      ring.set(row.id, { id: row.id, suite: row.suite, key, status: row.status });
    }
    this.ring = ring;
    this.active = [...ring.values()].find((k) => k.status === 'active');
  }

  private unwrap(row: FieldKeyRow): Buffer {
    try {
      return aeadDecrypt(
        row.suite,
        this.kek,
        Buffer.from(row.wrapped_key ?? '', 'base64url'),
        wrapAad(row.id),
      );
    } catch {
      throw new FieldKeyError(`data key ${row.id} does not open with the configured fieldKey (FIELD_KEY)`);
    }
  }

  private requireActive(): RingKey {
    if (!this.active)
      throw new FieldKeyError('field keys are not loaded (the platform migrations must run first)');
    return this.active;
  }

  /** `v2.<keyId>.<sealed>` under the active data key (AES-256-GCM or SM4-CTR + HMAC-SM3 per its suite). */
  encrypt(plaintext: string): string {
    const k = this.requireActive();
    const sealed = aeadEncrypt(k.suite, k.key, Buffer.from(plaintext, 'utf8'), valueAad(k.id));
    return `${V2}.${k.id}.${sealed.toString('base64url')}`;
  }

  /** The plaintext; throws FieldKeyError for an altered value, AppError FIELD_KEY_UNAVAILABLE for an unknown key. */
  decrypt(stored: string): string {
    const id = keyIdOf(stored);
    if (id === LEGACY_KEY_ID) return decryptField(this.legacy, stored);
    if (id === undefined) throw new FieldKeyError('unknown field ciphertext format');
    const k = this.ring.get(id);
    if (!k) {
      if (!this.loading)
        this.reload().catch((err) => this.log?.warn({ err }, 'field key ring reload failed'));
      throw new AppError('FIELD_KEY_UNAVAILABLE');
    }
    try {
      const body = Buffer.from(stored.slice(V2.length + id.length + 2), 'base64url');
      return aeadDecrypt(k.suite, k.key, body, valueAad(id)).toString('utf8');
    } catch {
      throw new FieldKeyError('field ciphertext failed authentication');
    }
  }

  /** As `decrypt`, but a value under a key not in the ring reloads the ring once before failing. */
  async decryptAsync(stored: string): Promise<string> {
    const id = keyIdOf(stored);
    if (id !== undefined && id !== LEGACY_KEY_ID && !this.ring.has(id)) {
      await this.reload();
      if (!this.ring.has(id)) throw new FieldKeyError(`unknown field data key ${id}`);
    }
    return this.decrypt(stored);
  }

  /** Whether the value is sealed under the active key (nothing for the re-encryption job to do). */
  isCurrent(stored: string): boolean {
    return keyIdOf(stored) === this.active?.id;
  }

  /** Deterministic keyed digest (hex) for exact lookup; keyed from the KEK, so stable across data keys. */
  blindIndex(value: string): string {
    return blindIndex(this.legacy, value);
  }

  /** Follows key changes made by other processes; resolves to the function that stops listening. */
  follow(listen: Listen): Promise<() => Promise<void>> {
    const refresh = () => {
      if (this.active) this.reload().catch((err) => this.log?.warn({ err }, 'field key ring reload failed'));
    };
    return listen(FIELD_KEYS_CHANNEL, { onNotify: refresh, onReady: refresh });
  }
}
