import type { PlatformContext } from '../../platform/context.ts';
import { decodeCompactJws } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { Department } from '../org/index.ts';
import { didFor, signJwsAs, trustedKey } from '../trust/index.ts';
import { cachedDepartment, cachedTypes } from './licences.cache.ts';
import {
  credentialChecks,
  finish,
  type OfflineTrust,
  problem,
  statusListCredential,
  unwrapEnveloped,
  VC_HEADER,
  VC_MEDIA_TYPE,
  type Verification,
  type VerifierJwk,
  VP_MEDIA_TYPE,
  verifyCredentialOffline,
  verifyPresentationOffline,
} from './licences.credential.ts';
import { matchCredential, QR_TYP, qrChecks } from './licences.qr.ts';
import {
  consumeNonce,
  findLicenceByNumber,
  findStatusList,
  saveStatusListBuild,
  statusIndexes,
} from './licences.repository.ts';
import { credentialOf, statusListUrl } from './licences.service.ts';
import { bitstringOf, encodeBitstring, type StatusPurpose } from './status-list.ts';

/**
 * The online verifier: it gathers what an offline verifier would have cached — the signing keys
 * (from trust, retired ones included) and the issuers' current status lists — and hands them to
 * the same pure functions (licences.credential.ts). Presentations also consume their nonce here.
 */

async function departmentOf(ctx: PlatformContext, idOrCode: string): Promise<Department> {
  const dept = await cachedDepartment(ctx, ctx.db, idOrCode);
  if (!dept) throw new AppError('LICENCE_STATUS_LIST_NOT_FOUND');
  return dept;
}

/**
 * The issuer's signed BitstringStatusListCredential for `purpose`, rebuilt only when a status
 * changed since the last build. `etag` names the version.
 */
export async function publishedStatusList(
  ctx: PlatformContext,
  idOrCode: string,
  purpose: StatusPurpose,
): Promise<{ jws: string; etag: string }> {
  const dept = await departmentOf(ctx, idOrCode);
  const row = await findStatusList(ctx.db, dept.id, purpose);
  const version = row?.version ?? 1;
  const etag = `"${dept.id}.${purpose}.${version}"`;
  if (row?.jws && row.built_version === version) return { jws: row.jws, etag };
  const url = statusListUrl(ctx, dept.id, purpose);
  const now = ctx.now();
  const credential = statusListCredential({
    url,
    issuerDid: didFor(ctx, dept.id),
    purpose,
    encodedList: encodeBitstring(bitstringOf(await statusIndexes(ctx.db, dept.id, purpose))),
    validFrom: now,
  });
  const { jws } = await signJwsAs(ctx, dept.id, credential, VC_HEADER);
  await saveStatusListBuild(ctx.db, dept.id, purpose, version, jws, now);
  return { jws, etag };
}

const kidOf = (jws: string): string | undefined => {
  try {
    const kid = decodeCompactJws(jws).header.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
};

const headerOf = (jws: string): Record<string, unknown> | undefined => {
  try {
    return decodeCompactJws(jws).header;
  } catch {
    return undefined;
  }
};

const payloadOf = (jws: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(Buffer.from(decodeCompactJws(jws).payload).toString('utf8'));
  } catch {
    return undefined;
  }
};

/** What an offline verifier would hold for these JWSs: their keys and the status lists they point to. */
async function gatherTrust(ctx: PlatformContext, jwss: string[]): Promise<OfflineTrust> {
  const statusLists: Record<string, string> = {};
  const prefix = `${ctx.config.publicUrl.replace(/\/$/, '')}/api/v1/status-lists/`;
  for (const jws of jwss) {
    const entries = payloadOf(jws)?.credentialStatus;
    for (const entry of (Array.isArray(entries) ? entries : []) as { statusListCredential?: unknown }[]) {
      const url = entry.statusListCredential;
      if (typeof url !== 'string' || !url.startsWith(prefix) || statusLists[url]) continue;
      const [dept, purpose] = url.slice(prefix.length).split('/');
      if (!dept || (purpose !== 'revocation' && purpose !== 'suspension')) continue;
      try {
        statusLists[url] = (await publishedStatusList(ctx, dept, purpose)).jws;
      } catch {
        // An unknown issuer has no list: the verifier reports the status as unavailable.
      }
    }
  }
  const keys: VerifierJwk[] = [];
  for (const kid of new Set([...jwss, ...Object.values(statusLists)].map(kidOf))) {
    const key = kid ? await trustedKey(ctx, kid) : undefined;
    if (key) {
      keys.push({
        ...key.publicJwk,
        kid: key.kid,
        alg: key.alg,
        controller: didFor(ctx, key.owner),
        status: key.status,
      });
    }
  }
  const licenceTypes = (await cachedTypes(ctx, ctx.db)).map((t) => ({
    vcType: t.vc_type,
    code: t.code,
    nameZh: t.name_zh,
    nameEn: t.name_en,
    holderKind: t.holder_kind,
    fields: t.fields,
  }));
  return { keys: { keys }, statusLists, now: ctx.now(), licenceTypes };
}

const malformed = (): Verification => ({
  verified: false,
  checks: [{ check: 'format', passed: false }],
  warnings: [],
  errors: [problem('LICENCE_VERIFY_MALFORMED')],
  credential: null,
});

export async function verifyCredentialOnline(ctx: PlatformContext, input: unknown): Promise<Verification> {
  const jws = unwrapEnveloped(input, VC_MEDIA_TYPE);
  if (!jws) return malformed();
  const trust = await gatherTrust(ctx, [jws]);
  const { payload: _, ...result } = verifyCredentialOffline(jws, trust);
  return result;
}

/**
 * Verifies a shown presentation. Without the verifier's own challenge the nonce the wallet recorded
 * is consumed: the same QR code scanned again is refused.
 */
export async function verifyPresentationOnline(
  ctx: PlatformContext,
  input: unknown,
  challenge: string | undefined,
): Promise<Verification> {
  const vpJws = unwrapEnveloped(input, VP_MEDIA_TYPE);
  if (vpJws && headerOf(vpJws)?.typ === QR_TYP) return verifyQrOnline(ctx, vpJws, challenge);
  const vp = vpJws ? payloadOf(vpJws) : undefined;
  const inner = Array.isArray(vp?.verifiableCredential) ? vp.verifiableCredential[0] : undefined;
  const vcJws = unwrapEnveloped(inner, VC_MEDIA_TYPE);
  if (!vpJws) return malformed();
  const trust = await gatherTrust(ctx, vcJws ? [vpJws, vcJws] : [vpJws]);
  const { payload, ...result } = verifyPresentationOffline(vpJws, {
    ...trust,
    presenterDid: didFor(ctx, 'platform'),
    ...(challenge !== undefined ? { challenge } : {}),
  });
  if (challenge === undefined) await consumeOnce(ctx, result, payload?.nonce);
  return result;
}

/** Without the verifier's own challenge, a verified presentation's recorded nonce is used up. */
async function consumeOnce(ctx: PlatformContext, result: Verification, nonce: unknown): Promise<void> {
  if (result.verified && typeof nonce === 'string') {
    const fresh = await consumeNonce(ctx.db, nonce, ctx.now());
    result.checks.push({ check: 'nonce', passed: fresh, detail: 'recorded' });
    if (!fresh) {
      result.errors.push(problem('LICENCE_VERIFY_NONCE_REPLAYED'));
      result.verified = false;
    } else {
      await appendAudit(ctx.db, {
        actorId: null,
        actorKind: 'system',
        action: 'licence.presentation.verify',
        subjectType: 'licence',
        subjectId: String(result.credential?.id ?? '').replace('urn:uuid:', ''),
        details: { number: result.credential?.number ?? null },
      });
    }
  }
}

/**
 * Verifies a compact QR presentation (licence-qr+jwt): the platform's signature, expiry and
 * challenge, then the issuer's credential it names (by number, checked against its digest) in full
 * — signature, issuer key, validity, status lists — and that what the QR code discloses is in it.
 */
async function verifyQrOnline(
  ctx: PlatformContext,
  jwt: string,
  challenge: string | undefined,
): Promise<Verification> {
  const out: Verification = { verified: false, checks: [], warnings: [], errors: [], credential: null };
  const claimed = payloadOf(jwt)?.lic as { no?: unknown } | undefined;
  const row = typeof claimed?.no === 'string' ? await findLicenceByNumber(ctx.db, claimed.no) : undefined;
  const vcJws = row ? credentialOf(row).jws : undefined;
  const trust = await gatherTrust(ctx, vcJws ? [jwt, vcJws] : [jwt]);
  const q = qrChecks(
    jwt,
    { ...trust, presenterDid: didFor(ctx, 'platform'), ...(challenge !== undefined ? { challenge } : {}) },
    out,
    false,
  );
  if (!q) return finish(out);
  const vc = vcJws ? credentialChecks(vcJws, trust, out) : undefined;
  if (!vcJws || !vc) {
    if (!vcJws) {
      out.checks.push({ check: 'format', passed: false, detail: 'credential' });
      out.errors.push(problem('LICENCE_NOT_FOUND'));
    }
    return finish(out);
  }
  const type = trust.licenceTypes?.find((t) => t.code === q.lic.type);
  matchCredential(
    q,
    vcJws,
    vc,
    { holderKind: type?.holderKind ?? 'citizen', fields: type?.fields ?? [] },
    out,
  );
  const result = finish(out);
  const { payload: _, ...answer } = result;
  if (challenge === undefined) await consumeOnce(ctx, answer, q.jti);
  return answer;
}
