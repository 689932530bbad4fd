import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The legacy (`v1`) field format and the blind index. Values are now sealed by the platform's field
 * cipher (`ctx.fields`, field-keys.ts: envelope data keys, rotation); this file keeps what it builds
 * on: opening `v1` values (AES-256-GCM under the configured `fieldKey` itself) until the
 * re-encryption job has moved them, and the keyed blind index (HMAC-SHA256 under a key derived from
 * `fieldKey`), which stays stable across data-key rotations.
 */

/** Prefix of every ciphertext, so a later key or algorithm can live beside this one. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface FieldKeys {
  encryption: Buffer;
  index: Buffer;
}

export class FieldKeyError extends Error {}

/**
 * Decodes the configured base64url key (32 bytes) and derives the blind-index key from it with
 * HKDF, so that the index never reveals anything usable against the ciphertexts.
 */
export function fieldKeys(fieldKey: string): FieldKeys {
  const encryption = Buffer.from(fieldKey, 'base64url');
  if (encryption.length !== 32) throw new FieldKeyError('fieldKey must decode to 32 bytes');
  const index = Buffer.from(hkdfSync('sha256', encryption, Buffer.alloc(0), 'tongban blind index v1', 32));
  return { encryption, index };
}

/**
 * `v1.<iv>.<ciphertext>.<tag>`, base64url parts; a fresh random 96-bit IV each time.
 * @deprecated Seal with `ctx.fields.encrypt` (a module's columns must also be declared in its
 * `encryptedColumns`): values written here are sealed with the KEK itself and are not rotated.
 */
export function encryptField(keys: FieldKeys, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(VERSION));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plaintext; throws FieldKeyError when the value was altered or encrypted under another key. */
export function decryptField(keys: FieldKeys, stored: string): string {
  const [version, iv, body, tag] = stored.split('.');
  if (version !== VERSION || iv === undefined || body === undefined || tag === undefined) {
    throw new FieldKeyError('unknown field ciphertext format');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.encryption, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new FieldKeyError('field ciphertext failed authentication');
  }
}

/** Deterministic keyed digest (hex) of a value, for exact-match lookup and uniqueness. */
export function blindIndex(keys: FieldKeys, value: string): string {
  return createHmac('sha256', keys.index).update(value, 'utf8').digest('hex');
}
