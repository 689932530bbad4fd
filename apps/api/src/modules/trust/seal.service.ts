import { v7 as uuidv7 } from 'uuid';
import type { PlatformContext } from '../../platform/context.ts';
import {
  CryptoError,
  decodeCompactJws,
  digest,
  type PublicJwk,
  type SigningAlg,
  verifyCompactJws,
} from '../../platform/crypto.ts';
import type { Db } from '../../platform/db.ts';
import { appendAudit } from '../audit/index.ts';
import { canonicalJson } from './log.merkle.ts';
import { findSealed, insertSealed, type SealedRow, type SealKind } from './seal.repository.ts';
import { signJwsAs } from './trust.keys.ts';

/**
 * Sealing (电子签章): a department signs a document's content with its key. The seal is a compact
 * JWS (typ `seal+jws`) whose payload is the content itself, the digest of its canonical JSON (SHA-256,
 * or SM3 under the national suite) and the time of sealing, so a verifier holding only the
 * department's public key can check both that the department sealed it and what it sealed.
 */

export const SEAL_TYP = 'seal+jws';

export interface SealInput {
  /** The department id (or 'platform') whose key seals it. */
  owner: string;
  kind: SealKind;
  /** What is sealed: the case id of a decision, the licence id of a licence. */
  ref: string;
  content: Record<string, unknown>;
  /** The account that caused the sealing, for the audit entry (null: the system, e.g. an event). */
  actorId?: string | null;
  /** The citizen or enterprise whose personal data the content holds (their "who used my data"). */
  dataSubjectId?: string;
}

export interface SealedDocument {
  id: string;
  owner: string;
  kind: SealKind;
  ref: string;
  content: Record<string, unknown>;
  digestAlg: 'SHA-256' | 'SM3';
  digest: string;
  jws: string;
  kid: string;
  alg: string;
  sealedAt: string;
}

/** The payload of a seal JWS. */
export interface SealPayload {
  kind: SealKind;
  ref: string;
  content: Record<string, unknown>;
  digest: { alg: 'SHA-256' | 'SM3'; value: string };
  sealedAt: string;
}

const present = (r: SealedRow): SealedDocument => ({
  id: r.id,
  owner: r.owner,
  kind: r.kind,
  ref: r.ref,
  content: r.content,
  digestAlg: r.digest_alg,
  digest: r.digest,
  jws: r.jws,
  kid: r.kid,
  alg: r.alg,
  sealedAt: r.sealed_at.toISOString(),
});

const digestAlgOf = (suite: 'intl' | 'national') => (suite === 'national' ? 'SM3' : 'SHA-256');

/** The hex digest of the content's canonical JSON under `alg`. */
export function contentDigest(alg: 'SHA-256' | 'SM3', content: unknown): string {
  return digest(alg === 'SM3' ? 'national' : 'intl', canonicalJson(content)).toString('hex');
}

/**
 * Seals a document once: a second call for the same (kind, ref) returns the first seal unchanged
 * (handlers run at least once). The record and its audit entry are written in `tx`.
 */
export async function sealDocument(ctx: PlatformContext, tx: Db, input: SealInput): Promise<SealedDocument> {
  const existing = await findSealed(tx, input.kind, input.ref);
  if (existing) return present(existing);
  // Through JSON once, so what is digested is exactly what jsonb gives back later.
  const content = JSON.parse(JSON.stringify(input.content)) as Record<string, unknown>;
  const digestAlg = digestAlgOf(ctx.config.cryptoSuite);
  const value = contentDigest(digestAlg, content);
  const sealedAt = ctx.now();
  const payload: SealPayload = {
    kind: input.kind,
    ref: input.ref,
    content,
    digest: { alg: digestAlg, value },
    sealedAt: sealedAt.toISOString(),
  };
  const signed = await signJwsAs(ctx, input.owner, payload as unknown as Record<string, unknown>, {
    typ: SEAL_TYP,
    cty: 'json',
  });
  const row: SealedRow = {
    id: uuidv7(),
    owner: input.owner,
    kind: input.kind,
    ref: input.ref,
    content,
    digest_alg: digestAlg,
    digest: value,
    jws: signed.jws,
    kid: signed.kid,
    alg: signed.alg,
    sealed_at: sealedAt,
  };
  if (!(await insertSealed(tx, row))) {
    // Sealed meanwhile by another delivery of the same event: that seal stands.
    const first = await findSealed(tx, input.kind, input.ref);
    if (first) return present(first);
  }
  await appendAudit(tx, {
    actorId: input.actorId ?? null,
    actorKind: input.actorId ? 'staff' : 'system',
    action: 'trust.seal',
    subjectType: `sealed.${input.kind}`,
    subjectId: input.ref,
    personalData: input.dataSubjectId !== undefined,
    ...(input.dataSubjectId ? { dataSubjectId: input.dataSubjectId, purpose: `seal.${input.kind}` } : {}),
    details: {
      sealId: row.id,
      owner: input.owner,
      kid: signed.kid,
      alg: signed.alg,
      digest: `${digestAlg}:${value}`,
    },
  });
  return present(row);
}

export async function getSealedDocument(
  db: Db,
  kind: SealKind,
  ref: string,
): Promise<SealedDocument | undefined> {
  const row = await findSealed(db, kind, ref);
  return row ? present(row) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Offline verification (a JWKS is all it needs)
// ---------------------------------------------------------------------------------------------

export interface SealVerification {
  verified: boolean;
  checks: { check: 'format' | 'issuerKey' | 'signature' | 'digest'; passed: boolean; detail?: string }[];
  kid: string | null;
  alg: string | null;
  payload: SealPayload | null;
}

const ALGS: Record<string, SigningAlg> = { Ed25519: 'EdDSA', 'P-256': 'ES256', SM2: 'SM2' };

/**
 * Verifies a seal from published keys alone: the key named by `kid` is in the JWKS and not marked
 * compromised, the signature holds, and the digest matches the sealed content.
 */
export function verifySealOffline(
  jws: string,
  jwks: { keys: (PublicJwk & { kid?: string; status?: string })[] },
): SealVerification {
  const out: SealVerification = { verified: false, checks: [], kid: null, alg: null, payload: null };
  let header: Record<string, unknown>;
  try {
    header = decodeCompactJws(jws).header;
  } catch {
    out.checks.push({ check: 'format', passed: false, detail: 'not a compact JWS' });
    return out;
  }
  const kid = typeof header.kid === 'string' ? header.kid : null;
  out.kid = kid;
  out.alg = typeof header.alg === 'string' ? header.alg : null;
  const typed = header.typ === SEAL_TYP;
  out.checks.push({ check: 'format', passed: typed, detail: typed ? SEAL_TYP : `typ ${String(header.typ)}` });
  const key = jwks.keys.find((k) => k.kid === kid);
  const alg = key ? ALGS[key.crv] : undefined;
  const usable = !!key && !!alg && key.status !== 'compromised';
  out.checks.push({
    check: 'issuerKey',
    passed: usable,
    detail: !key
      ? `key ${kid} is not published`
      : key.status === 'compromised'
        ? 'key compromised'
        : (kid ?? ''),
  });
  if (!usable || !alg || !key || !typed) return out;
  let payload: SealPayload;
  try {
    const verified = verifyCompactJws(jws, { alg, publicJwk: key });
    payload = JSON.parse(Buffer.from(verified.payload).toString('utf8')) as SealPayload;
    out.checks.push({ check: 'signature', passed: true, detail: alg });
  } catch (err) {
    if (!(err instanceof CryptoError) && !(err instanceof SyntaxError)) throw err;
    out.checks.push({ check: 'signature', passed: false, detail: err.message });
    return out;
  }
  out.payload = payload;
  const digestAlg = payload.digest?.alg === 'SM3' ? 'SM3' : 'SHA-256';
  const matches = payload.digest?.value === contentDigest(digestAlg, payload.content);
  out.checks.push({ check: 'digest', passed: matches, detail: `${digestAlg}:${payload.digest?.value}` });
  out.verified = out.checks.every((c) => c.passed);
  return out;
}
