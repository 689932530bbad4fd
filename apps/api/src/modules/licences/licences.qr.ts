import { createHash } from 'node:crypto';
import {
  checkStatus,
  type FieldValue,
  finish,
  keyList,
  mask,
  type OfflineTrust,
  PRESENTATION_TTL_SECONDS,
  type PublicCredentialView,
  presenterChecks,
  problem,
  type Verification,
  verifySigned,
} from './licences.credential.ts';
import type { StatusPurpose } from './status-list.ts';

/**
 * The compact presentation a QR code holds (亮证): not the whole credential but what a verifier at
 * the counter needs — the licence number, type, issuer, validity, where its status bits are, the
 * holder's name masked, the type's public fields, and the SHA-256 of the issuer's vc+jwt, which the
 * online verifier fetches and checks in full. Signed by the platform (which keeps the wallet), bound
 * to a nonce, valid two minutes. A few hundred bytes, where the vp+jwt is several kilobytes.
 */
export const QR_TYP = 'licence-qr+jwt';
export const QR_HEADER = { typ: QR_TYP };
const PURPOSES: StatusPurpose[] = ['revocation', 'suspension'];

export interface QrLicence {
  /** licence number */
  no: string;
  /** licence type code */
  type: string;
  /** issuer DID */
  iss: string;
  /** validFrom / validUntil, seconds since the epoch */
  vf: number;
  vu?: number;
  /**
   * The licence's index in both of the issuer's status lists (revocation, suspension). The lists'
   * URLs are not carried: a verifier finds them by their issuer and purpose among those it cached.
   */
  si: number;
}

export type QrPayload = {
  iss: string;
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  lic: QrLicence;
  /** the holder's name, masked for a person (张*), in full for an enterprise */
  name: string;
  /** the type's public fields, as the credential states them */
  fields: Record<string, FieldValue>;
  /** base64url SHA-256 of the issuer's vc+jwt */
  vcDigest: string;
};

export const vcDigestOf = (vcJws: string) => createHash('sha256').update(vcJws).digest('base64url');

const issuerIdOf = (vc: Record<string, unknown>) => {
  const issuer = vc.issuer as { id?: string } | string | undefined;
  return String(typeof issuer === 'string' ? issuer : issuer?.id);
};

const seconds = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000);

export interface QrType {
  code: string;
  holderKind: 'citizen' | 'enterprise';
  fields: { name: string; public: boolean }[];
}

const RESERVED = new Set(['id', 'licenceNumber', 'holderName']);

/** What the holder discloses of a credential: masked name, public fields only. */
function disclosed(vc: Record<string, unknown>, type: Omit<QrType, 'code'>) {
  const subject = (vc.credentialSubject ?? {}) as Record<string, FieldValue>;
  const fields: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(subject)) {
    if (!RESERVED.has(name) && type.fields.find((f) => f.name === name)?.public) fields[name] = value;
  }
  const holderName = subject.holderName ?? '';
  const name = String(type.holderKind === 'enterprise' ? holderName : (mask(holderName) ?? ''));
  return { name, fields };
}

/** The compact payload for a licence credential (its decoded vc+jwt payload and the JWS itself). */
export function qrPayload(p: {
  vc: Record<string, unknown>;
  vcJws: string;
  type: QrType;
  presenterDid: string;
  nonce: string;
  issuedAt: Date;
}): QrPayload {
  const { vc } = p;
  const subject = (vc.credentialSubject ?? {}) as Record<string, FieldValue>;
  const status = (Array.isArray(vc.credentialStatus) ? vc.credentialStatus : []) as {
    statusListIndex: string;
  }[];
  const first = status[0];
  const iat = Math.floor(p.issuedAt.getTime() / 1000);
  return {
    iss: p.presenterDid,
    sub: String(subject.id),
    jti: p.nonce,
    iat,
    exp: iat + PRESENTATION_TTL_SECONDS,
    lic: {
      no: String(subject.licenceNumber),
      type: p.type.code,
      iss: issuerIdOf(vc),
      vf: seconds(vc.validFrom),
      ...(vc.validUntil ? { vu: seconds(vc.validUntil) } : {}),
      si: first ? Number(first.statusListIndex) : -1,
    },
    ...disclosed(vc, p.type),
    vcDigest: vcDigestOf(p.vcJws),
  };
}

function viewOf(q: QrPayload, trust: OfflineTrust): PublicCredentialView {
  const type = trust.licenceTypes?.find((t) => t.code === q.lic.type);
  const iso = (s: number | undefined) => (s === undefined ? null : new Date(s * 1000).toISOString());
  return {
    id: '',
    number: q.lic.no,
    types: type ? ['VerifiableCredential', 'TongbanLicence', type.vcType] : [],
    typeNameZh: type?.nameZh ?? null,
    typeNameEn: type?.nameEn ?? null,
    holder: q.name,
    issuer: q.lic.iss,
    issuerNameZh: null,
    issuerNameEn: null,
    validFrom: iso(q.lic.vf),
    validUntil: iso(q.lic.vu),
    status: null,
    fields: Object.entries(q.fields).map(([name, value]) => {
      const spec = type?.fields.find((f) => f.name === name);
      return { name, labelZh: spec?.labelZh ?? name, labelEn: spec?.labelEn ?? name, value };
    }),
  };
}

/** The URL of the cached status list of `issuer` for `purpose` (checkStatus verifies its signature). */
function cachedListUrl(lists: Record<string, string>, issuer: string, purpose: StatusPurpose): string {
  for (const [url, jws] of Object.entries(lists)) {
    try {
      const list = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
      if (list.issuer === issuer && list.credentialSubject?.statusPurpose === purpose) return url;
    } catch {
      // Not a list credential: skipped.
    }
  }
  return '';
}

type QrTrust = OfflineTrust & { presenterDid: string; challenge?: string };

/**
 * The checks on the compact presentation itself: its signature by the platform, its expiry, the
 * challenge, and (when `withStatus`) the licence's validity and status bits from the cached lists.
 * Returns the payload when the signature holds.
 */
export function qrChecks(jwt: string, trust: QrTrust, out: Verification, withStatus: boolean) {
  const signed = verifySigned(jwt, QR_TYP, keyList(trust.keys), out, 'presentation');
  if (!signed) return undefined;
  const q = signed.payload as unknown as QrPayload;
  if (typeof q.lic !== 'object' || !q.lic || typeof q.fields !== 'object' || typeof q.jti !== 'string') {
    out.checks.push({ check: 'format', passed: false, detail: 'presentation' });
    out.errors.push(problem('LICENCE_VERIFY_MALFORMED'));
    return undefined;
  }
  out.payload = signed.payload;
  presenterChecks(signed, q.jti, trust, out);
  out.credential = viewOf(q, trust);
  if (!withStatus) return q;
  const now = (trust.now ?? new Date()).getTime() / 1000;
  let expired = false;
  if (!(now >= q.lic.vf)) {
    out.checks.push({ check: 'validity', passed: false, detail: 'validFrom' });
    out.errors.push(problem('LICENCE_VERIFY_NOT_YET_VALID'));
  } else if (q.lic.vu !== undefined && !(now < q.lic.vu)) {
    expired = true;
    out.checks.push({ check: 'validity', passed: false, detail: 'validUntil' });
    out.errors.push(problem('LICENCE_VERIFY_EXPIRED'));
  } else {
    out.checks.push({ check: 'validity', passed: true });
  }
  const entries = PURPOSES.map((purpose) => ({
    statusPurpose: purpose,
    statusListIndex: String(q.lic.si),
    statusListCredential: cachedListUrl(trust.statusLists, q.lic.iss, purpose),
  }));
  const state = checkStatus({ credentialStatus: entries }, q.lic.iss, trust, out);
  out.credential.status = state === 'valid' && expired ? 'expired' : (state ?? null);
  return q;
}

/**
 * Verifies a compact QR presentation offline, from cached keys and status lists: the platform's
 * signature, expiry, the verifier's challenge, the licence's validity and its status bits. What it
 * cannot check offline: the issuer's own signature (the credential is not in the QR code, only its
 * digest), the fields the QR code does not carry, and whether the nonce was used before.
 */
export function verifyQrPresentationOffline(jwt: string, trust: QrTrust): Verification {
  const out: Verification = { verified: false, checks: [], warnings: [], errors: [], credential: null };
  qrChecks(jwt, trust, out, true);
  return finish(out);
}

/**
 * Online, with the issuer's credential at hand (already verified into `out`): the digest, the
 * holder and each disclosed value must be the credential's.
 */
export function matchCredential(
  q: QrPayload,
  vcJws: string,
  vc: Record<string, unknown>,
  type: Omit<QrType, 'code'>,
  out: Verification,
): void {
  const digest = vcDigestOf(vcJws) === q.vcDigest;
  out.checks.push({ check: 'digest', passed: digest });
  if (!digest) out.errors.push(problem('LICENCE_VERIFY_DISCLOSURE_MISMATCH'));
  const subject = (vc.credentialSubject ?? {}) as Record<string, FieldValue>;
  const holds = subject.id === q.sub;
  out.checks.push({ check: 'holder', passed: holds });
  if (!holds) out.errors.push(problem('LICENCE_VERIFY_HOLDER_MISMATCH'));
  const expected = disclosed(vc, type);
  const same =
    subject.licenceNumber === q.lic.no &&
    issuerIdOf(vc) === q.lic.iss &&
    seconds(vc.validFrom) === q.lic.vf &&
    (vc.validUntil ? seconds(vc.validUntil) : undefined) === q.lic.vu &&
    expected.name === q.name &&
    JSON.stringify(Object.entries(expected.fields).sort()) ===
      JSON.stringify(Object.entries(q.fields).sort());
  out.checks.push({ check: 'disclosure', passed: same });
  if (!same) out.errors.push(problem('LICENCE_VERIFY_DISCLOSURE_MISMATCH'));
}
