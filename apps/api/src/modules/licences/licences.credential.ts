import { errorCatalogue } from '@tongban/contracts';
import {
  CryptoError,
  decodeCompactJws,
  type PublicJwk,
  type SigningAlg,
  verifyCompactJws,
} from '../../platform/crypto.ts';
import { decodeBitstring, getBit, type StatusPurpose } from './status-list.ts';

/**
 * The licence as a W3C Verifiable Credential (data model 2.0) secured with JOSE (VC-JOSE-COSE:
 * the compact JWS's payload is the credential itself, typ vc+jwt, cty vc), the presentation a holder
 * shows (vp+jwt), the issuer's status list credential, and the verifier — a pure function of the
 * credential, the keys and the status lists, so a verifier that cached them offline answers exactly
 * as the online API does (the API calls this same function).
 */
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const LICENCE_VC_TYPE = 'TongbanLicence';
export const VC_MEDIA_TYPE = 'application/vc+jwt';
export const VP_MEDIA_TYPE = 'application/vp+jwt';
/** A presentation shown as a QR code lives two minutes. */
export const PRESENTATION_TTL_SECONDS = 120;

export type LangValue = { '@value': string; '@language': string }[];
export const langValue = (zh: string, en: string): LangValue => [
  { '@value': zh, '@language': 'zh' },
  { '@value': en, '@language': 'en' },
];

export type FieldValue = string | number | boolean;

export interface LicenceCredentialInput {
  credentialId: string;
  vcType: string;
  typeNameZh: string;
  typeNameEn: string;
  number: string;
  issuerDid: string;
  issuerNameZh: string;
  issuerNameEn: string;
  validFrom: Date;
  validUntil: Date | null;
  holderUrn: string;
  holderName: string;
  fields: Record<string, FieldValue>;
  statusListUrl: (purpose: StatusPurpose) => string;
  statusIndex: number;
}

export function licenceCredential(i: LicenceCredentialInput): Record<string, unknown> {
  return {
    '@context': [VC_CONTEXT],
    id: i.credentialId,
    type: ['VerifiableCredential', LICENCE_VC_TYPE, i.vcType],
    name: langValue(i.typeNameZh, i.typeNameEn),
    issuer: { id: i.issuerDid, name: langValue(i.issuerNameZh, i.issuerNameEn) },
    validFrom: i.validFrom.toISOString(),
    ...(i.validUntil ? { validUntil: i.validUntil.toISOString() } : {}),
    credentialSubject: { id: i.holderUrn, licenceNumber: i.number, holderName: i.holderName, ...i.fields },
    credentialStatus: (['revocation', 'suspension'] as const).map((purpose) => ({
      id: `${i.statusListUrl(purpose)}#${i.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(i.statusIndex),
      statusListCredential: i.statusListUrl(purpose),
    })),
  };
}

export const VC_HEADER = { typ: 'vc+jwt', cty: 'vc' };
export const VP_HEADER = { typ: 'vp+jwt', cty: 'vp' };

export function statusListCredential(p: {
  url: string;
  issuerDid: string;
  purpose: StatusPurpose;
  encodedList: string;
  validFrom: Date;
}): Record<string, unknown> {
  return {
    '@context': [VC_CONTEXT],
    id: p.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: p.issuerDid,
    validFrom: p.validFrom.toISOString(),
    credentialSubject: {
      id: `${p.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: p.purpose,
      encodedList: p.encodedList,
    },
  };
}

export const envelopedCredential = (jws: string) => ({
  '@context': VC_CONTEXT,
  id: `data:${VC_MEDIA_TYPE},${jws}`,
  type: 'EnvelopedVerifiableCredential' as const,
});

export function presentation(p: {
  id: string;
  holderUrn: string;
  credentialJws: string;
  nonce: string;
  issuedAt: Date;
}): Record<string, unknown> {
  const iat = Math.floor(p.issuedAt.getTime() / 1000);
  return {
    '@context': [VC_CONTEXT],
    id: p.id,
    type: ['VerifiablePresentation'],
    holder: p.holderUrn,
    verifiableCredential: [envelopedCredential(p.credentialJws)],
    nonce: p.nonce,
    iat,
    exp: iat + PRESENTATION_TTL_SECONDS,
  };
}

/** The JWS in a compact string, an EnvelopedVerifiable… object or its data: URL; undefined otherwise. */
export function unwrapEnveloped(value: unknown, mediaType: string): string | undefined {
  const id = typeof value === 'string' ? value : (value as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') return undefined;
  const prefix = `data:${mediaType},`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : id.startsWith('data:') ? undefined : id;
}

// ---------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------

/** A verifying key as a JWKS lists it; `controller` is the DID of its owner, `status` its trust state. */
export interface VerifierJwk extends PublicJwk {
  kid: string;
  alg?: string;
  controller?: string;
  status?: 'active' | 'retired' | 'compromised';
}

export interface Jwks {
  keys: VerifierJwk[];
}

export interface OfflineTrust {
  /**
   * The verifying keys: one JWKS whose keys name their `controller`, or the JWKS of each owner by
   * its DID, as `GET /api/v1/trust/jwks/:owner` gives them (`{"did:web:…:dids:<dept>": {keys}}`).
   */
  keys: Jwks | Record<string, Jwks>;
  /** The issuers' status list credentials (vc+jwt) by their URL, as fetched and cached. */
  statusLists: Record<string, string>;
  now?: Date;
  /** Labels and which fields the public may see, per credential type (optional: without it all are masked). */
  licenceTypes?: {
    vcType: string;
    /** The type's code (residence_permit…), which the compact QR presentation names. */
    code?: string;
    nameZh: string;
    nameEn: string;
    holderKind: 'citizen' | 'enterprise';
    fields: { name: string; labelZh: string; labelEn: string; public: boolean }[];
  }[];
}

export type CheckName =
  | 'format'
  | 'signature'
  | 'issuerKey'
  | 'validity'
  | 'status'
  | 'holder'
  | 'nonce'
  | 'expiry'
  | 'digest'
  | 'disclosure';
export interface Check {
  check: CheckName;
  passed: boolean;
  detail?: string;
}
export interface Problem {
  code: string;
  messageZh: string;
  messageEn: string;
}

export interface PublicCredentialView {
  id: string;
  number: string | null;
  types: string[];
  typeNameZh: string | null;
  typeNameEn: string | null;
  holder: string;
  issuer: string;
  issuerNameZh: string | null;
  issuerNameEn: string | null;
  validFrom: string | null;
  validUntil: string | null;
  status: 'valid' | 'expired' | 'suspended' | 'revoked' | null;
  fields: { name: string; labelZh: string; labelEn: string; value: FieldValue | null }[];
}

export interface Verification {
  verified: boolean;
  checks: Check[];
  warnings: Problem[];
  errors: Problem[];
  credential: PublicCredentialView | null;
  /** Not part of the public answer: what the verifier needs next (the holder of a presentation). */
  payload?: Record<string, unknown>;
}

export function problem(code: keyof typeof errorCatalogue): Problem {
  const spec = errorCatalogue[code];
  return { code, messageZh: spec['zh-CN'], messageEn: spec.en };
}

const ALG_OF_CURVE: Record<string, SigningAlg> = { Ed25519: 'EdDSA', 'P-256': 'ES256', SM2: 'SM2' };

function algOf(key: VerifierJwk): SigningAlg | undefined {
  const alg = key.alg ?? ALG_OF_CURVE[key.crv];
  return alg === 'EdDSA' || alg === 'ES256' || alg === 'SM2' ? alg : undefined;
}

/** The DID a key belongs to: its controller, or the DID part of a DID-URL kid. */
function controllerOf(key: VerifierJwk): string | undefined {
  if (key.controller) return key.controller;
  const hash = key.kid.indexOf('#');
  return key.kid.startsWith('did:') && hash > 0 ? key.kid.slice(0, hash) : undefined;
}

/** Every key with its controller: a per-DID map of JWKS gives each key the DID it is filed under. */
export function keyList(keys: OfflineTrust['keys']): VerifierJwk[] {
  if (Array.isArray((keys as Jwks).keys)) return (keys as Jwks).keys;
  return Object.entries(keys as Record<string, Jwks>).flatMap(([did, jwks]) =>
    (jwks.keys ?? []).map((k) => ({ ...k, controller: did })),
  );
}

interface SignedDoc {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  key: VerifierJwk;
}

/**
 * Verifies the signature of a compact JWS of the expected typ against the key its kid names.
 * Records format / signature / issuerKey checks; the payload when the signature holds.
 */
export function verifySigned(
  jws: string,
  typ: string,
  keys: VerifierJwk[],
  out: Verification,
  what: string,
): SignedDoc | undefined {
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    const decoded = decodeCompactJws(jws);
    header = decoded.header;
    payload = JSON.parse(Buffer.from(decoded.payload).toString('utf8'));
    if (header.typ !== typ || typeof header.kid !== 'string' || typeof payload !== 'object' || !payload) {
      throw new CryptoError('JWS_INVALID');
    }
  } catch {
    out.checks.push({ check: 'format', passed: false, detail: what });
    out.errors.push(problem('LICENCE_VERIFY_MALFORMED'));
    return undefined;
  }
  out.checks.push({ check: 'format', passed: true, detail: what });
  const key = keys.find((k) => k.kid === header.kid);
  const alg = key && algOf(key);
  if (!key || !alg) {
    out.checks.push({ check: 'issuerKey', passed: false, detail: what });
    out.errors.push(problem('LICENCE_VERIFY_KEY_UNKNOWN'));
    return undefined;
  }
  if (key.status === 'compromised') {
    out.checks.push({ check: 'issuerKey', passed: false, detail: what });
    out.errors.push(problem('LICENCE_VERIFY_KEY_COMPROMISED'));
    return undefined;
  }
  try {
    verifyCompactJws(jws, { alg, publicJwk: key });
  } catch {
    out.checks.push({ check: 'signature', passed: false, detail: what });
    out.errors.push(problem('LICENCE_VERIFY_SIGNATURE_INVALID'));
    return undefined;
  }
  out.checks.push({ check: 'signature', passed: true, detail: what });
  return { header, payload, key };
}

function issuerOf(vc: Record<string, unknown>): string | undefined {
  const issuer = vc.issuer as unknown;
  if (typeof issuer === 'string') return issuer;
  const id = (issuer as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

const langOf = (v: unknown, lang: string): string | null =>
  Array.isArray(v) ? ((v as LangValue).find((x) => x['@language'] === lang)?.['@value'] ?? null) : null;

/** Keeps the first and last character: 张明 → 张*, 营业执照号 → 营***号; numbers become ***. */
export function mask(value: FieldValue | null): FieldValue | null {
  if (value === null || typeof value === 'boolean') return value;
  const chars = [...String(value)];
  if (typeof value === 'number') return '***';
  if (chars.length <= 2) return `${chars[0] ?? ''}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 8))}${chars.at(-1)}`;
}

const RESERVED_SUBJECT = new Set(['id', 'licenceNumber', 'holderName']);

function publicView(vc: Record<string, unknown>, trust: OfflineTrust): PublicCredentialView {
  const subject = (vc.credentialSubject ?? {}) as Record<string, FieldValue>;
  const types = Array.isArray(vc.type) ? (vc.type as unknown[]).filter((t) => typeof t === 'string') : [];
  const type = trust.licenceTypes?.find((t) => types.includes(t.vcType));
  const issuer = vc.issuer as { name?: unknown } | string | undefined;
  const holderName = subject.holderName ?? null;
  const fields = Object.entries(subject)
    .filter(([name]) => !RESERVED_SUBJECT.has(name))
    .map(([name, value]) => {
      const spec = type?.fields.find((f) => f.name === name);
      return {
        name,
        labelZh: spec?.labelZh ?? name,
        labelEn: spec?.labelEn ?? name,
        value: spec?.public ? value : mask(value),
      };
    });
  return {
    id: typeof vc.id === 'string' ? vc.id : '',
    number: typeof subject.licenceNumber === 'string' ? subject.licenceNumber : null,
    types: types as string[],
    typeNameZh: type?.nameZh ?? langOf(vc.name, 'zh'),
    typeNameEn: type?.nameEn ?? langOf(vc.name, 'en'),
    holder: String((type?.holderKind === 'enterprise' ? holderName : mask(holderName)) ?? ''),
    issuer: issuerOf(vc) ?? '',
    issuerNameZh: typeof issuer === 'object' ? langOf(issuer.name, 'zh') : null,
    issuerNameEn: typeof issuer === 'object' ? langOf(issuer.name, 'en') : null,
    validFrom: typeof vc.validFrom === 'string' ? vc.validFrom : null,
    validUntil: typeof vc.validUntil === 'string' ? vc.validUntil : null,
    status: null,
    fields,
  };
}

interface StatusEntry {
  statusPurpose?: unknown;
  statusListIndex?: unknown;
  statusListCredential?: unknown;
}

/** The bit of each status entry, read from the cached list credential (verified with the issuer's keys). */
export function checkStatus(
  vc: Record<string, unknown>,
  issuer: string,
  trust: OfflineTrust,
  out: Verification,
): 'valid' | 'suspended' | 'revoked' | undefined {
  const raw = vc.credentialStatus;
  const entries = (Array.isArray(raw) ? raw : raw ? [raw] : []) as StatusEntry[];
  let state: 'valid' | 'suspended' | 'revoked' = 'valid';
  for (const entry of entries) {
    const purpose = entry.statusPurpose;
    const url = entry.statusListCredential;
    const index = Number(entry.statusListIndex);
    const listJws = typeof url === 'string' ? trust.statusLists[url] : undefined;
    const scratch: Verification = { verified: false, checks: [], warnings: [], errors: [], credential: null };
    const list = listJws
      ? verifySigned(listJws, 'vc+jwt', keyList(trust.keys), scratch, 'status list')
      : undefined;
    const subject = list?.payload.credentialSubject as
      | { statusPurpose?: unknown; encodedList?: unknown }
      | undefined;
    let bit: boolean | undefined;
    try {
      if (
        list &&
        issuerOf(list.payload) === issuer &&
        controllerOf(list.key) !== undefined &&
        controllerOf(list.key) === issuer &&
        subject?.statusPurpose === purpose &&
        typeof subject?.encodedList === 'string'
      ) {
        bit = getBit(decodeBitstring(subject.encodedList as string), index);
      }
    } catch {
      bit = undefined;
    }
    if (bit === undefined) {
      out.checks.push({ check: 'status', passed: false, detail: String(purpose) });
      out.errors.push(problem('LICENCE_VERIFY_STATUS_UNAVAILABLE'));
      return undefined;
    }
    out.checks.push({ check: 'status', passed: !bit, detail: String(purpose) });
    if (bit && purpose === 'revocation') {
      out.errors.push(problem('LICENCE_VERIFY_REVOKED'));
      state = 'revoked';
    } else if (bit && purpose === 'suspension') {
      out.errors.push(problem('LICENCE_VERIFY_SUSPENDED'));
      if (state !== 'revoked') state = 'suspended';
    }
  }
  return state;
}

export function credentialChecks(
  jws: string,
  trust: OfflineTrust,
  out: Verification,
): Record<string, unknown> | undefined {
  const signed = verifySigned(jws, 'vc+jwt', keyList(trust.keys), out, 'credential');
  if (!signed) return undefined;
  const vc = signed.payload;
  const types = Array.isArray(vc.type) ? vc.type : [];
  const issuer = issuerOf(vc);
  if (!types.includes('VerifiableCredential') || !issuer || !vc.credentialSubject) {
    out.checks.push({ check: 'format', passed: false, detail: 'credential' });
    out.errors.push(problem('LICENCE_VERIFY_MALFORMED'));
    return undefined;
  }
  out.credential = publicView(vc, trust);
  // The key must be the issuer's own: another department's (or the platform's) key proves nothing.
  const controller = controllerOf(signed.key);
  const ownKey = controller === issuer;
  out.checks.push({ check: 'issuerKey', passed: ownKey, detail: signed.key.status ?? 'active' });
  if (!ownKey) out.errors.push(problem('LICENCE_VERIFY_ISSUER_MISMATCH'));
  const now = (trust.now ?? new Date()).getTime();
  const from = typeof vc.validFrom === 'string' ? Date.parse(vc.validFrom) : Number.NaN;
  const until = typeof vc.validUntil === 'string' ? Date.parse(vc.validUntil) : undefined;
  let expired = false;
  if (Number.isNaN(from) || now < from) {
    out.checks.push({ check: 'validity', passed: false, detail: 'validFrom' });
    out.errors.push(problem('LICENCE_VERIFY_NOT_YET_VALID'));
  } else if (until !== undefined && !(now < until)) {
    expired = true;
    out.checks.push({ check: 'validity', passed: false, detail: 'validUntil' });
    out.errors.push(problem('LICENCE_VERIFY_EXPIRED'));
  } else {
    out.checks.push({ check: 'validity', passed: true });
  }
  const state = checkStatus(vc, issuer, trust, out);
  if (out.credential) out.credential.status = state === 'valid' && expired ? 'expired' : (state ?? null);
  return vc;
}

export function finish(out: Verification): Verification {
  out.verified = out.errors.length === 0 && out.checks.length > 0 && out.checks.every((c) => c.passed);
  return out;
}

/**
 * Verifies a licence credential (compact vc+jwt) from the issuer's keys and status lists alone:
 * format, signature, the key being the issuer's (retired keys still verify; compromised ones do
 * not), validity period, and each status entry's bit. No database, no network.
 */
export function verifyCredentialOffline(jws: string, trust: OfflineTrust): Verification {
  const out: Verification = { verified: false, checks: [], warnings: [], errors: [], credential: null };
  const vc = credentialChecks(jws, trust, out);
  if (vc) out.payload = vc;
  return finish(out);
}

/**
 * The checks every presentation the platform signs gets: signed by a key of `presenterDid`, fresh
 * (two minutes, a little skew for the phone's clock), and bound to the verifier's challenge if any.
 */
export function presenterChecks(
  signed: { payload: Record<string, unknown>; key: VerifierJwk },
  nonce: unknown,
  trust: OfflineTrust & { presenterDid: string; challenge?: string },
  out: Verification,
): void {
  const p = signed.payload;
  const presenterKey = controllerOf(signed.key) === trust.presenterDid;
  out.checks.push({ check: 'issuerKey', passed: presenterKey, detail: 'presentation' });
  if (!presenterKey) out.errors.push(problem('LICENCE_VERIFY_ISSUER_MISMATCH'));
  const now = (trust.now ?? new Date()).getTime() / 1000;
  const exp = typeof p.exp === 'number' ? p.exp : 0;
  const iat = typeof p.iat === 'number' ? p.iat : Number.POSITIVE_INFINITY;
  const fresh = now < exp && exp - iat <= PRESENTATION_TTL_SECONDS && iat <= now + 30;
  out.checks.push({ check: 'expiry', passed: fresh });
  if (!fresh) out.errors.push(problem('LICENCE_VERIFY_PRESENTATION_EXPIRED'));
  if (trust.challenge !== undefined) {
    const same = nonce === trust.challenge;
    out.checks.push({ check: 'nonce', passed: same, detail: 'challenge' });
    if (!same) out.errors.push(problem('LICENCE_VERIFY_NONCE_MISMATCH'));
  }
}

/**
 * Verifies a presentation (vp+jwt) and the credential inside: the presentation's signature by a key
 * of `presenterDid` (the platform, which custodies the wallet), its expiry (two minutes), its nonce
 * against the verifier's challenge when there is one, and that the presenter holds the credential.
 * Whether a nonce was already used needs the issuing server's record: offline that is a warning.
 */
export function verifyPresentationOffline(
  vpJws: string,
  trust: OfflineTrust & { presenterDid: string; challenge?: string },
): Verification {
  const out: Verification = { verified: false, checks: [], warnings: [], errors: [], credential: null };
  const signed = verifySigned(vpJws, 'vp+jwt', keyList(trust.keys), out, 'presentation');
  if (!signed) return finish(out);
  const vp = signed.payload;
  out.payload = vp;
  presenterChecks(signed, vp.nonce, trust, out);
  const inner = Array.isArray(vp.verifiableCredential) ? vp.verifiableCredential[0] : undefined;
  const vcJws = unwrapEnveloped(inner, VC_MEDIA_TYPE);
  if (!vcJws) {
    out.checks.push({ check: 'format', passed: false, detail: 'credential' });
    out.errors.push(problem('LICENCE_VERIFY_MALFORMED'));
    return finish(out);
  }
  const vc = credentialChecks(vcJws, trust, out);
  if (vc) {
    const subject = vc.credentialSubject as { id?: unknown };
    const holds = typeof vp.holder === 'string' && subject.id === vp.holder;
    out.checks.push({ check: 'holder', passed: holds });
    if (!holds) out.errors.push(problem('LICENCE_VERIFY_HOLDER_MISMATCH'));
  }
  return finish(out);
}
