import { randomBytes } from 'node:crypto';
import type {
  IssueCredentialBody,
  LicenceDetail,
  LicenceListQuery,
  LicencePage,
  PresentationResult,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { getProfile } from '../identity/index.ts';
import type { Department } from '../org/index.ts';
import { didFor, signJwsAs } from '../trust/index.ts';
import {
  envelopedCredential,
  type FieldValue,
  PRESENTATION_TTL_SECONDS,
  presentation,
  VP_HEADER,
} from './licences.credential.ts';
import { renderLicencePdf } from './licences.pdf.ts';
import { mayIssue } from './licences.policy.ts';
import { QR_HEADER, qrPayload } from './licences.qr.ts';
import {
  findHolderLicences,
  findTypeByVcType,
  insertPresentation,
  type LicenceRow,
} from './licences.repository.ts';
import {
  credentialOf,
  detailOf,
  effectiveStatus,
  holderUrn,
  issueLicence,
  requireDepartmentByCode,
  requireLicence,
  summaryOf,
  typesByCode,
} from './licences.service.ts';
import { verifyCredentialOnline } from './licences.verify.ts';

/** The holder's wallet (我的证照): their licences, downloads and presentations (亮证). */

async function ownLicence(db: Db, actor: Actor, id: string): Promise<LicenceRow> {
  const row = await requireLicence(db, id);
  // Someone else's licence is not found, not forbidden: its existence is not told.
  if (row.holder_id !== actor.accountId) throw new AppError('LICENCE_NOT_FOUND');
  return row;
}

/** Uses one of the actor's own licences and audits that use, in one transaction (the audit entry last). */
async function withOwnLicence<T>(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  audit: { action: string; details?: Record<string, unknown> },
  use: (tx: Db, row: LicenceRow) => Promise<T> | T,
): Promise<T> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await ownLicence(tx, actor, id);
    const result = await use(tx, row);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: audit.action,
      subjectType: 'licence',
      subjectId: row.id,
      personalData: true,
      details: { number: row.number, ...audit.details },
    });
    return result;
  });
}

export async function listMyLicences(
  ctx: PlatformContext,
  actor: Actor,
  q: LicenceListQuery,
): Promise<LicencePage> {
  const limit = q.limit ?? 20;
  const rows = await findHolderLicences(ctx.db, actor.accountId, {
    ...(q.type ? { types: [q.type] } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.cursor ? { before: Buffer.from(q.cursor, 'base64url').toString('utf8') } : {}),
    limit: limit + 1,
    now: ctx.now(),
  });
  const types = await typesByCode(ctx, ctx.db);
  const departments = new Map<string, Department | undefined>();
  const page = rows.slice(0, limit);
  const items = [];
  for (const row of page) items.push(await summaryOf(ctx, ctx.db, row, types, ctx.now(), departments));
  return {
    items,
    nextCursor: rows.length > limit ? Buffer.from(page.at(-1)!.id).toString('base64url') : null,
  };
}

export async function myLicence(ctx: PlatformContext, actor: Actor, id: string): Promise<LicenceDetail> {
  return withOwnLicence(ctx, actor, id, { action: 'licence.read' }, (tx, row) => detailOf(ctx, tx, row));
}

/** The signed credential (vc+jwt) and the licence number, for the download. */
export async function myCredential(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<{ jws: string; number: string }> {
  return withOwnLicence(
    ctx,
    actor,
    id,
    { action: 'licence.download', details: { format: 'vc+jwt' } },
    (_tx, row) => ({
      jws: credentialOf(row).jws,
      number: row.number,
    }),
  );
}

/** The printable certificate (sealed PDF with the vc+jwt embedded), audited as a download. */
export async function myLicencePdf(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<{ pdf: Uint8Array; number: string }> {
  const { detail, jws, holderName } = await withOwnLicence(
    ctx,
    actor,
    id,
    { action: 'licence.download', details: { format: 'pdf' } },
    async (tx, row) => {
      const { jws, payload } = credentialOf(row);
      const subject = (payload.credentialSubject ?? {}) as { holderName?: string };
      return { detail: await detailOf(ctx, tx, row), jws, holderName: subject.holderName ?? '' };
    },
  );
  const pdf = await renderLicencePdf({
    number: detail.number,
    type: { code: detail.typeCode, nameZh: detail.typeNameZh, nameEn: detail.typeNameEn },
    holder: { name: holderName },
    fields: detail.fields.map((f) => ({
      labelZh: f.labelZh,
      labelEn: f.labelEn,
      value: String(f.value ?? ''),
    })),
    issuer: { nameZh: detail.issuerNameZh, nameEn: detail.issuerNameEn },
    issuedAt: detail.issuedAt,
    validFrom: detail.validFrom,
    validUntil: detail.validUntil,
    jws,
    publicUrl: ctx.config.publicUrl,
  });
  return { pdf, number: detail.number };
}

/**
 * A presentation for a QR code: the licence's credential enveloped in a VerifiablePresentation,
 * bound to the verifier's challenge or a fresh nonce recorded here, valid two minutes, signed by
 * the platform, which keeps the wallet for its holders; and the same as a compact licence-qr+jwt
 * (licences.qr.ts) that fits a QR code, with the same nonce and expiry.
 */
export async function presentLicence(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  challenge: string | undefined,
): Promise<PresentationResult> {
  const audit = {
    action: 'licence.present',
    details: { ttlSeconds: PRESENTATION_TTL_SECONDS, challenge: challenge !== undefined },
  };
  return withOwnLicence(ctx, actor, id, audit, async (tx, row) => {
    const nonce = challenge ?? randomBytes(18).toString('base64url');
    const now = ctx.now();
    const vp = presentation({
      id: `urn:uuid:${uuidv7()}`,
      holderUrn: holderUrn(row.holder_id),
      credentialJws: credentialOf(row).jws,
      nonce,
      issuedAt: now,
    });
    const expiresAt = new Date((Number(vp.exp) as number) * 1000);
    await insertPresentation(tx, {
      nonce,
      licence_id: row.id,
      holder_id: row.holder_id,
      created_at: now,
      expires_at: expiresAt,
    }).catch((err: { code?: string }) => {
      // A challenge used before cannot bind a new presentation.
      if (err.code === '23505')
        throw new AppError('VALIDATION_FAILED', [{ pointer: '/challenge', code: 'used' }]);
      throw err;
    });
    const { jws } = await signJwsAs({ ...ctx, db: tx }, 'platform', vp, VP_HEADER);
    // The QR code holds the compact form: the whole vp+jwt is too long for one.
    const type = (await typesByCode(ctx, tx)).get(row.type_code);
    const { jws: qr } = await signJwsAs(
      { ...ctx, db: tx },
      'platform',
      qrPayload({
        vc: credentialOf(row).payload,
        vcJws: credentialOf(row).jws,
        type: { code: row.type_code, holderKind: type?.holder_kind ?? 'citizen', fields: type?.fields ?? [] },
        presenterDid: didFor(ctx, 'platform'),
        nonce,
        issuedAt: now,
      }),
      QR_HEADER,
    );
    const base = ctx.config.publicUrl.replace(/\/$/, '');
    return {
      verifiablePresentation: jws,
      nonce,
      expiresAt: expiresAt.toISOString(),
      verifyUrl: `${base}/verify#vp=${jws}`,
      qrPresentation: qr,
      qrUrl: `${base}/verify#q=${qr}`,
    };
  });
}

/** VC API issue (POST /credentials/issue): staff of the issuing department, for a holder account. */
export async function issueDirect(ctx: PlatformContext, actor: Actor, body: IssueCredentialBody) {
  const db = ctx.db;
  let type: Awaited<ReturnType<typeof findTypeByVcType>>;
  for (const name of body.credential.type) {
    if (name === 'VerifiableCredential' || name === 'TongbanLicence') continue;
    type = await findTypeByVcType(db, name);
    if (type) break;
  }
  if (!type) throw new AppError('LICENCE_TYPE_NOT_FOUND', [{ pointer: '/credential/type' }]);
  const dept = await requireDepartmentByCode(ctx, db, type.department_code);
  if (!mayIssue(actor, dept.id)) throw new AppError('FORBIDDEN');
  const { id: subjectId, ...given } = body.credential.credentialSubject;
  const holderId = subjectId.slice('urn:uuid:'.length).toLowerCase();
  const holder = await getProfile(db, holderId).catch(() => undefined);
  if (!holder || holder.kind !== type.holder_kind) {
    throw new AppError('LICENCE_HOLDER_INVALID', [{ pointer: '/credential/credentialSubject/id' }]);
  }
  const known = new Set(type.fields.map((f) => f.name));
  const unknown = Object.keys(given).filter((k) => !known.has(k));
  if (unknown.length || Object.keys(given).length === 0) {
    throw new AppError(
      'LICENCE_FIELDS_INVALID',
      unknown.map((k) => ({ pointer: `/credential/credentialSubject/${k}`, code: 'unknown' })),
    );
  }
  const row = await issueLicence(ctx, db, {
    type,
    holderId,
    fields: given as Record<string, FieldValue>,
    actor,
    ...(body.credential.validFrom ? { validFrom: new Date(body.credential.validFrom) } : {}),
  });
  return {
    verifiableCredential: envelopedCredential(credentialOf(row).jws),
    licenceId: row.id,
    number: row.number,
  };
}

// ---- for the reuse helpers (免证办, pre-fill): real queries on the holder's licences

export interface HeldLicence {
  id: string;
  number: string;
  typeCode: string;
  status: ReturnType<typeof effectiveStatus>;
  issuerDepartmentId: string;
  validFrom: string;
  validUntil: string | null;
  fields: Record<string, FieldValue>;
}

function heldOf(row: LicenceRow, now: Date): HeldLicence {
  const subject = (credentialOf(row).payload.credentialSubject ?? {}) as Record<string, FieldValue>;
  const { id: _id, licenceNumber: _n, holderName: _h, ...fields } = subject;
  return {
    id: row.id,
    number: row.number,
    typeCode: row.type_code,
    status: effectiveStatus(row, now),
    issuerDepartmentId: row.issuer_department_id,
    validFrom: row.valid_from.toISOString(),
    validUntil: row.valid_until?.toISOString() ?? null,
    fields,
  };
}

/** The holder's licences (newest first), optionally of some types, with their fields. Callers audit the read. */
export async function holderLicences(
  db: Db,
  holderId: string,
  opts: { types?: string[]; now?: Date } = {},
): Promise<HeldLicence[]> {
  const now = opts.now ?? new Date();
  const rows = await findHolderLicences(db, holderId, { ...(opts.types ? { types: opts.types } : {}), now });
  return rows.map((r) => heldOf(r, now));
}

/** Verifies one of the holder's licences as a verifier would (signature, key, validity, status). */
export async function verifyHeldLicence(ctx: PlatformContext, holderId: string, licenceId: string) {
  const row = await requireLicence(ctx.db, licenceId);
  if (row.holder_id !== holderId) throw new AppError('LICENCE_NOT_FOUND');
  const result = await verifyCredentialOnline(ctx, credentialOf(row).jws);
  return {
    ok: result.verified,
    licence: heldOf(row, ctx.now()),
    checks: result.checks,
    errors: result.errors,
  };
}

/** The fields of the holder's valid licences by type code (the newest licence of each type), for pre-fill. */
export async function licenceFieldsFor(
  db: Db,
  holderId: string,
  now = new Date(),
): Promise<Record<string, Record<string, FieldValue>>> {
  const out: Record<string, Record<string, FieldValue>> = {};
  for (const held of await holderLicences(db, holderId, { now })) {
    if (held.status === 'valid' && !out[held.typeCode]) out[held.typeCode] = held.fields;
  }
  return out;
}
