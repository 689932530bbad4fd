import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/**
 * The platform's cryptographic primitives, in both deployment suites (DESIGN.md: documents the
 * platform issues must verify with international and with Chinese national algorithms):
 *
 * - `intl`: Ed25519 / ES256 signatures, SHA-256, AES-256-GCM;
 * - `national`: SM2 signatures with SM3 (GB/T 32918, Z value with the default user id
 *   1234567812345678, signature r||s), SM3, SM4-CTR + HMAC-SM3 (encrypt-then-MAC).
 *
 * SM2 is done with sm-crypto-v2: node's "SM2" EC keys sign plain ECDSA over the SM2 curve, which
 * real SM2 verifiers reject. SM3 and SM4 come from node's OpenSSL.
 *
 * Compact JWS (RFC 7515) is produced by hand, identically for all three algorithms (jose's
 * CompactSign is asynchronous and knows no SM2); `jose.compactVerify` verifies the EdDSA and ES256
 * ones (see crypto.test.ts).
 */

export type SigningAlg = 'EdDSA' | 'ES256' | 'SM2';
export type CryptoSuite = 'intl' | 'national';

export const SIGNING_ALGS: readonly SigningAlg[] = ['EdDSA', 'ES256', 'SM2'];
export const CRYPTO_SUITES: readonly CryptoSuite[] = ['intl', 'national'];

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  y?: string;
  kid?: string;
  alg?: string;
}
export interface PrivateJwk extends PublicJwk {
  d: string;
}

/** Codes: JWS_INVALID, KEY_INVALID, AEAD_INVALID, ALG_UNSUPPORTED. */
export class CryptoError extends Error {
  constructor(
    readonly code: string,
    message: string = code,
  ) {
    super(message);
    this.name = 'CryptoError';
  }
}

/** The signing algorithm a suite uses for keys created without an explicit choice. */
export function defaultSigningAlg(suite: CryptoSuite): SigningAlg {
  return suite === 'national' ? 'SM2' : 'EdDSA';
}

// ---------------------------------------------------------------------------------------------
// SM2 (GB/T 32918.2) over sm-crypto-v2
// ---------------------------------------------------------------------------------------------

/** GB/T 32918.2 §5.5 default distinguishing identifier (GM/T 0009). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';
/** Order n of the SM2 recommended curve (GB/T 32918.5). */
const SM2_N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

function fromB64u(s: unknown, what: string): Buffer {
  if (typeof s !== 'string' || !/^[A-Za-z0-9_-]*$/.test(s)) {
    throw new CryptoError('KEY_INVALID', `${what} is not base64url`);
  }
  return Buffer.from(s, 'base64url');
}

function coordinate(s: unknown, what: string): string {
  const b = fromB64u(s, what);
  if (b.length !== 32) throw new CryptoError('KEY_INVALID', `${what} must be 32 bytes`);
  return b.toString('hex');
}

/** Uncompressed public key `04||x||y` in hex, as sm-crypto-v2 takes it. */
function sm2PublicHex(jwk: PublicJwk): string {
  if (jwk.kty !== 'EC' || jwk.crv !== 'SM2') throw new CryptoError('KEY_INVALID', 'not an SM2 key');
  return `04${coordinate(jwk.x, 'x')}${coordinate(jwk.y, 'y')}`;
}

function sm2Generate(): { publicJwk: PublicJwk; privateJwk: PrivateJwk } {
  for (;;) {
    const { privateKey, publicKey } = sm2.generateKeyPairHex();
    // SM2 signing needs (1 + d) invertible mod n: d ∈ [1, n − 2].
    if (BigInt(`0x${privateKey}`) >= SM2_N - 1n) continue;
    const pub = Buffer.from(publicKey, 'hex');
    const publicJwk = { kty: 'EC', crv: 'SM2', x: b64u(pub.subarray(1, 33)), y: b64u(pub.subarray(33, 65)) };
    return { publicJwk, privateJwk: { ...publicJwk, d: b64u(Buffer.from(privateKey, 'hex')) } };
  }
}

function sm2Sign(key: PrivateJwk, data: Uint8Array): Buffer {
  const d = coordinate(key.d, 'd');
  const hex = sm2.doSignature(data, d, {
    hash: true,
    publicKey: sm2PublicHex(key),
    userId: SM2_DEFAULT_USER_ID,
  });
  return Buffer.from(hex, 'hex');
}

/**
 * Public keys with precomputed multiples (window 4), most recently used last. sm-crypto-v2
 * multiplies an unprepared point in constant time, which makes a verification ~5× slower than with
 * the table; the table costs about one plain verification to build, so keeping it for the keys
 * that verify again and again (a department's, the platform's) pays from the second signature on.
 */
const sm2Points = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();
const SM2_POINTS_KEPT = 64;

function sm2Point(publicHex: string): ReturnType<typeof sm2.precomputePublicKey> {
  let point = sm2Points.get(publicHex);
  if (point) sm2Points.delete(publicHex);
  else point = sm2.precomputePublicKey(publicHex, 4);
  sm2Points.set(publicHex, point);
  if (sm2Points.size > SM2_POINTS_KEPT) sm2Points.delete(sm2Points.keys().next().value as string);
  return point;
}

function sm2Verify(key: PublicJwk, data: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length !== 64) return false;
  const r = BigInt(`0x${Buffer.from(sig.subarray(0, 32)).toString('hex')}`);
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`);
  // GB/T 32918.2 §7.1 B1/B2: r', s' ∈ [1, n − 1].
  if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
  try {
    // Building the point (fromHex inside sm-crypto-v2) rejects points that are not on the curve.
    return sm2.doVerifySignature(data, Buffer.from(sig).toString('hex'), sm2Point(sm2PublicHex(key)), {
      hash: true,
      userId: SM2_DEFAULT_USER_ID,
    });
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Keys and raw signatures
// ---------------------------------------------------------------------------------------------

function publicPart(jwk: PublicJwk): PublicJwk {
  return jwk.y === undefined
    ? { kty: jwk.kty, crv: jwk.crv, x: jwk.x }
    : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

/** The public members of a JWK only (kty, crv, x, y), e.g. to publish a stored key. */
export function publicJwkOf(jwk: PublicJwk): PublicJwk {
  return publicPart(jwk);
}

function expectCurve(alg: SigningAlg, jwk: PublicJwk): void {
  const ok =
    (alg === 'EdDSA' && jwk.kty === 'OKP' && jwk.crv === 'Ed25519') ||
    (alg === 'ES256' && jwk.kty === 'EC' && jwk.crv === 'P-256') ||
    (alg === 'SM2' && jwk.kty === 'EC' && jwk.crv === 'SM2');
  if (!ok) throw new CryptoError('KEY_INVALID', `key ${jwk.kty}/${jwk.crv} does not fit ${alg}`);
}

/**
 * Imported node keys by JWK object: importing a JWK costs more than an Ed25519 signature, and the
 * callers (the trust module's key cache) hand the same objects again. Keys are never mutated.
 */
const nodeKeys = new WeakMap<object, KeyObject>();

function nodeKey(jwk: PublicJwk | PrivateJwk, priv: boolean): KeyObject {
  const cached = nodeKeys.get(jwk);
  if (cached && cached.type === (priv ? 'private' : 'public')) return cached;
  let key: KeyObject;
  try {
    const members = { ...publicPart(jwk), ...(priv ? { d: (jwk as PrivateJwk).d } : {}) };
    key = priv
      ? createPrivateKey({ key: members, format: 'jwk' })
      : createPublicKey({ key: members, format: 'jwk' });
  } catch {
    throw new CryptoError('KEY_INVALID', 'key cannot be imported');
  }
  nodeKeys.set(jwk, key);
  return key;
}

export function generateSigningKey(alg: SigningAlg): { publicJwk: PublicJwk; privateJwk: PrivateJwk } {
  if (alg === 'SM2') return sm2Generate();
  const pair =
    alg === 'EdDSA'
      ? generateKeyPairSync('ed25519')
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : undefined;
  if (!pair) throw new CryptoError('ALG_UNSUPPORTED', `unknown signing algorithm ${String(alg)}`);
  const privateJwk = pair.privateKey.export({ format: 'jwk' }) as PrivateJwk;
  return { publicJwk: publicPart(privateJwk), privateJwk: { ...publicPart(privateJwk), d: privateJwk.d } };
}

/** A raw signature: 64 bytes for every algorithm (Ed25519; ES256 and SM2 as r||s). */
export function signBytes(alg: SigningAlg, key: PrivateJwk, data: Uint8Array): Buffer {
  expectCurve(alg, key);
  if (alg === 'SM2') return sm2Sign(key, data);
  const k = nodeKey(key, true);
  return alg === 'EdDSA'
    ? nodeSign(null, data, k)
    : nodeSign('sha256', data, { key: k, dsaEncoding: 'ieee-p1363' });
}

/** False for a wrong signature, a malformed one, or a key that does not fit `alg`. */
export function verifyBytes(alg: SigningAlg, key: PublicJwk, data: Uint8Array, sig: Uint8Array): boolean {
  try {
    expectCurve(alg, key);
    if (alg === 'SM2') return sm2Verify(key, data, sig);
    if (sig.length !== 64) return false;
    const k = nodeKey(key, false);
    return alg === 'EdDSA'
      ? nodeVerify(null, data, k, sig)
      : nodeVerify('sha256', data, { key: k, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
}

/**
 * RFC 7638 JWK thumbprint (base64url), hashed with the suite's digest (SHA-256 for intl, as
 * the RFC; SM3 for national).
 */
export function jwkThumbprint(jwk: PublicJwk, suite: CryptoSuite = 'intl'): string {
  const members =
    jwk.kty === 'OKP'
      ? `{"crv":${JSON.stringify(jwk.crv)},"kty":"OKP","x":${JSON.stringify(jwk.x)}}`
      : `{"crv":${JSON.stringify(jwk.crv)},"kty":${JSON.stringify(jwk.kty)},"x":${JSON.stringify(jwk.x)},"y":${JSON.stringify(jwk.y)}}`;
  return b64u(digest(suite, members));
}

// ---------------------------------------------------------------------------------------------
// Digest and authenticated encryption
// ---------------------------------------------------------------------------------------------

const toBytes = (data: Uint8Array | string) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

/** SHA-256 (intl) or SM3 (national); 32 bytes. */
export function digest(suite: CryptoSuite, data: Uint8Array | string): Buffer {
  return createHash(suite === 'national' ? 'sm3' : 'sha256')
    .update(toBytes(data))
    .digest();
}

/** Version bytes that start every sealed value, one per suite. */
const AEAD_INTL = 0x01;
const AEAD_NATIONAL = 0x02;
const GCM_IV = 12;
const GCM_TAG = 16;
const CTR_IV = 16;
const HMAC_TAG = 32;

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new CryptoError('KEY_INVALID', 'AEAD key must be 32 bytes');
}

/** Independent SM4 and HMAC-SM3 keys from the one 32-byte key (HMAC-SM3 as a PRF). */
function nationalKeys(key: Buffer): { enc: Buffer; mac: Buffer } {
  const prf = (label: string) => createHmac('sm3', key).update(label).digest();
  return { enc: prf('tongban sm4-ctr enc v1').subarray(0, 16), mac: prf('tongban hmac-sm3 mac v1') };
}

/** MAC over version, IV, AAD length (8 bytes BE), AAD and ciphertext. */
function nationalTag(mac: Buffer, head: Buffer, aad: Uint8Array, body: Uint8Array): Buffer {
  const len = Buffer.alloc(8);
  len.writeBigUInt64BE(BigInt(aad.length));
  return createHmac('sm3', mac).update(head).update(len).update(aad).update(body).digest();
}

/**
 * Encrypts and authenticates `plaintext` (and `aad`, which is not stored):
 * intl → `01 || iv(12) || AES-256-GCM ciphertext || tag(16)`;
 * national → `02 || iv(16) || SM4-CTR ciphertext || HMAC-SM3 tag(32)` (encrypt-then-MAC).
 */
export function aeadEncrypt(
  suite: CryptoSuite,
  key: Buffer,
  plaintext: Uint8Array,
  aad?: Uint8Array,
): Buffer {
  checkKey(key);
  const ad = aad ?? new Uint8Array(0);
  if (suite === 'national') {
    const { enc, mac } = nationalKeys(key);
    const head = Buffer.concat([Buffer.from([AEAD_NATIONAL]), randomBytes(CTR_IV)]);
    const cipher = createCipheriv('sm4-ctr', enc, head.subarray(1));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([head, body, nationalTag(mac, head, ad, body)]);
  }
  const iv = randomBytes(GCM_IV);
  const head = Buffer.concat([Buffer.from([AEAD_INTL]), iv]);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG });
  cipher.setAAD(Buffer.concat([head, ad]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, body, cipher.getAuthTag()]);
}

/** The plaintext; throws CryptoError('AEAD_INVALID') for anything altered, or a wrong key/AAD/suite. */
export function aeadDecrypt(suite: CryptoSuite, key: Buffer, sealed: Uint8Array, aad?: Uint8Array): Buffer {
  checkKey(key);
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const ad = aad ?? new Uint8Array(0);
  const fail = () => new CryptoError('AEAD_INVALID', 'sealed data failed authentication');
  if (suite === 'national') {
    if (buf.length < 1 + CTR_IV + HMAC_TAG || buf[0] !== AEAD_NATIONAL) throw fail();
    const { enc, mac } = nationalKeys(key);
    const head = buf.subarray(0, 1 + CTR_IV);
    const body = buf.subarray(1 + CTR_IV, buf.length - HMAC_TAG);
    const tag = buf.subarray(buf.length - HMAC_TAG);
    if (!timingSafeEqual(tag, nationalTag(mac, head, ad, body))) throw fail();
    const decipher = createDecipheriv('sm4-ctr', enc, head.subarray(1));
    return Buffer.concat([decipher.update(body), decipher.final()]);
  }
  if (buf.length < 1 + GCM_IV + GCM_TAG || buf[0] !== AEAD_INTL) throw fail();
  try {
    const head = buf.subarray(0, 1 + GCM_IV);
    const decipher = createDecipheriv('aes-256-gcm', key, head.subarray(1), { authTagLength: GCM_TAG });
    decipher.setAAD(Buffer.concat([head, ad]));
    decipher.setAuthTag(buf.subarray(buf.length - GCM_TAG));
    return Buffer.concat([decipher.update(buf.subarray(1 + GCM_IV, buf.length - GCM_TAG)), decipher.final()]);
  } catch {
    throw fail();
  }
}

// ---------------------------------------------------------------------------------------------
// Compact JWS (RFC 7515 §7.1)
// ---------------------------------------------------------------------------------------------

const B64U_PART = /^[A-Za-z0-9_-]*$/;

/**
 * Signs `payload` (bytes, or an object serialized as JSON) with protected header
 * `{ ...header, alg, kid }`: alg and kid always come from the key.
 */
export function signCompactJws(
  key: { alg: SigningAlg; privateJwk: PrivateJwk; kid: string },
  payload: Uint8Array | Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  const bytes = payload instanceof Uint8Array ? payload : Buffer.from(JSON.stringify(payload), 'utf8');
  const protectedHeader = { ...header, alg: key.alg, kid: key.kid };
  if ('crit' in protectedHeader || 'b64' in protectedHeader) {
    throw new CryptoError('JWS_INVALID', 'crit and b64 header parameters are not supported');
  }
  const signingInput = `${b64u(Buffer.from(JSON.stringify(protectedHeader), 'utf8'))}.${b64u(bytes)}`;
  const signature = signBytes(key.alg, key.privateJwk, Buffer.from(signingInput, 'ascii'));
  return `${signingInput}.${b64u(signature)}`;
}

/** Splits and decodes without verifying; throws CryptoError('JWS_INVALID') when malformed. */
export function decodeCompactJws(jws: string): {
  header: Record<string, unknown>;
  payload: Uint8Array;
  signingInput: Uint8Array;
  signature: Uint8Array;
} {
  const parts = typeof jws === 'string' ? jws.split('.') : [];
  // Canonical base64url only: otherwise a JWS differing in unused trailing bits would still verify.
  const canonical = (p: string) =>
    B64U_PART.test(p) && Buffer.from(p, 'base64url').toString('base64url') === p;
  if (parts.length !== 3 || !parts.every(canonical) || parts[0] === '') {
    throw new CryptoError('JWS_INVALID', 'not a compact JWS');
  }
  const [h, p, s] = parts as [string, string, string];
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  } catch {
    throw new CryptoError('JWS_INVALID', 'JWS header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new CryptoError('JWS_INVALID', 'JWS header is not an object');
  }
  return {
    header: header as Record<string, unknown>,
    payload: Buffer.from(p, 'base64url'),
    signingInput: Buffer.from(`${h}.${p}`, 'ascii'),
    signature: Buffer.from(s, 'base64url'),
  };
}

/**
 * Verifies a compact JWS against one key. The header's alg must equal the key's (no algorithm
 * confusion), and `crit` is refused (we understand no extensions).
 */
export function verifyCompactJws(
  jws: string,
  key: { alg: SigningAlg; publicJwk: PublicJwk },
): { header: Record<string, unknown>; payload: Uint8Array } {
  const { header, payload, signingInput, signature } = decodeCompactJws(jws);
  if (header.alg !== key.alg) throw new CryptoError('JWS_INVALID', 'JWS alg does not match the key');
  if ('crit' in header) throw new CryptoError('JWS_INVALID', 'JWS crit parameters are not supported');
  if (!verifyBytes(key.alg, key.publicJwk, signingInput, signature)) {
    throw new CryptoError('JWS_INVALID', 'JWS signature does not verify');
  }
  return { header, payload };
}
