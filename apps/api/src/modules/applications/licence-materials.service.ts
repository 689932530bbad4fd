// 免证办: a checklist material satisfied by one of the applicant's e-licences instead of an upload.
// The licence is verified (signature, issuer key, status, validity, holder = the applicant) when it is
// attached and again in the submit transaction; the officer sees it verified, and as it is now.
import { createHash } from 'node:crypto';
import type { ApplicationMaterial, LicenceChoice, LicenceChoices, MaterialLicence } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { ServiceItem } from '../catalogue/index.ts';
import { getLicenceType, type HeldLicence, holderLicences, verifyHeldLicence } from '../licences/index.ts';
import { getDepartment } from '../org/index.ts';
import { assertMayAct, onBehalfDetails } from './acting.ts';
import { EDITABLE } from './applications.policy.ts';
import {
  type ApplicationRow,
  findApplication,
  insertLicenceMaterial,
  type LicenceSnapshot,
  listMaterials,
  type MaterialRow,
  markLicencesVerified,
} from './applications.repository.ts';
import { auditActor, bindMaterial, lockOwn, requireItem } from './applications.service.ts';
import { presentMaterial } from './applications.view.ts';

/** Why a licence cannot stand in for a material, in the applicant's words. */
const REASONS = {
  // Someone else's licence answers as one that does not exist: the licences module tells no more.
  not_holder: { zh: '证照不存在或不属于申请人', en: 'the licence does not exist or is not the applicant’s' },
  type_not_accepted: { zh: '该材料不接受此类证照', en: 'this material does not accept this kind of licence' },
  revoked: { zh: '证照已被注销', en: 'the licence has been revoked' },
  suspended: { zh: '证照已被暂停使用', en: 'the licence is suspended' },
  expired: { zh: '证照已超过有效期', en: 'the licence has expired' },
  not_yet_valid: { zh: '证照尚未生效', en: 'the licence is not valid yet' },
  signature_invalid: { zh: '证照签名核验未通过', en: 'the licence’s signature does not verify' },
  key_untrusted: { zh: '签发机关的签名密钥不可信', en: 'the issuer’s signing key is not trusted' },
  status_unavailable: { zh: '暂时无法核验证照状态', en: 'the licence’s status cannot be checked now' },
} as const;
export type LicenceRefusal = keyof typeof REASONS;

function refusal(materialCode: string, licenceId: string, reason: LicenceRefusal): AppError {
  return new AppError('LICENCE_NOT_USABLE', [{ materialCode, licenceId, reason }], {
    reasonZh: REASONS[reason].zh,
    reasonEn: REASONS[reason].en,
  });
}

/** The verifier's error codes (licences module), as refusal reasons. */
const BY_VERIFY_ERROR: Record<string, LicenceRefusal> = {
  LICENCE_VERIFY_REVOKED: 'revoked',
  LICENCE_VERIFY_SUSPENDED: 'suspended',
  LICENCE_VERIFY_EXPIRED: 'expired',
  LICENCE_VERIFY_NOT_YET_VALID: 'not_yet_valid',
  LICENCE_VERIFY_SIGNATURE_INVALID: 'signature_invalid',
  LICENCE_VERIFY_MALFORMED: 'signature_invalid',
  LICENCE_VERIFY_KEY_UNKNOWN: 'key_untrusted',
  LICENCE_VERIFY_KEY_COMPROMISED: 'key_untrusted',
  LICENCE_VERIFY_ISSUER_MISMATCH: 'key_untrusted',
  LICENCE_VERIFY_STATUS_UNAVAILABLE: 'status_unavailable',
};

/** A verified licence with the names a material record shows. */
interface UsableLicence extends HeldLicence {
  typeNameZh: string;
  typeNameEn: string;
  issuerNameZh: string;
  issuerNameEn: string;
}

async function named(db: Db, l: HeldLicence): Promise<UsableLicence> {
  const [type, issuer] = await Promise.all([
    getLicenceType(db, l.typeCode),
    getDepartment(db, l.issuerDepartmentId),
  ]);
  return {
    ...l,
    typeNameZh: type?.name_zh ?? l.typeCode,
    typeNameEn: type?.name_en ?? l.typeCode,
    issuerNameZh: issuer?.nameZh ?? '',
    issuerNameEn: issuer?.nameEn ?? '',
  };
}

function snapshotOf(l: UsableLicence): LicenceSnapshot {
  return {
    number: l.number,
    typeCode: l.typeCode,
    typeNameZh: l.typeNameZh,
    typeNameEn: l.typeNameEn,
    issuerDepartmentId: l.issuerDepartmentId,
    issuerNameZh: l.issuerNameZh,
    issuerNameEn: l.issuerNameEn,
    validUntil: l.validUntil,
    kid: null,
  };
}

/**
 * The licences module verifies the holder's licence as a verifier would (signature, issuer key,
 * validity, status list); someone else's licence is not found for this holder. Null when usable.
 */
async function verificationProblem(
  ctx: PlatformContext,
  db: Db,
  holderId: string,
  licenceId: string,
): Promise<{ reason: LicenceRefusal; licence?: HeldLicence } | { reason: null; licence: HeldLicence }> {
  let verified: Awaited<ReturnType<typeof verifyHeldLicence>>;
  try {
    verified = await verifyHeldLicence({ ...ctx, db }, holderId, licenceId);
  } catch (err) {
    if (isAppError(err) && err.code === 'LICENCE_NOT_FOUND') return { reason: 'not_holder' };
    throw err;
  }
  if (verified.ok) return { reason: null, licence: verified.licence };
  const coded = verified.errors.map((e) => BY_VERIFY_ERROR[e.code]).find((r) => r !== undefined);
  return { reason: coded ?? 'signature_invalid', licence: verified.licence };
}

/** Verifies the holder's licence for a checklist entry accepting `types`. */
async function checkLicence(
  ctx: PlatformContext,
  db: Db,
  holderId: string,
  licenceId: string,
  types: readonly string[],
): Promise<{ ok: true; licence: UsableLicence } | { ok: false; reason: LicenceRefusal }> {
  const v = await verificationProblem(ctx, db, holderId, licenceId);
  if (v.reason !== null) return { ok: false, reason: v.reason };
  if (!types.includes(v.licence.typeCode)) return { ok: false, reason: 'type_not_accepted' };
  return { ok: true, licence: await named(db, v.licence) };
}

const choiceOf = (l: UsableLicence): LicenceChoice => ({
  licenceId: l.id,
  number: l.number,
  typeCode: l.typeCode,
  typeNameZh: l.typeNameZh,
  typeNameEn: l.typeNameEn,
  issuerNameZh: l.issuerNameZh,
  issuerNameEn: l.issuerNameEn,
  validUntil: l.validUntil,
});

/**
 * What was verified, as bytes for the material record's SHA-256: the credential's identity, issuer,
 * validity and fields (the licences module keeps the signed vc+jwt itself).
 */
function verifiedContent(l: HeldLicence): Buffer {
  const { id, number, typeCode, issuerDepartmentId, validFrom, validUntil, fields } = l;
  return Buffer.from(
    JSON.stringify({ id, number, typeCode, issuerDepartmentId, validFrom, validUntil, fields }),
  );
}

/**
 * Per checklist entry that accepts e-licences: which types, and the applicant's valid licences of
 * them — the applicant's own, also when a filer (代办) asks. An audited read of personal data.
 */
export async function licenceChoices(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<LicenceChoices> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await assertMayAct(ctx, tx, actor, await findApplication(tx, id));
    const item = await requireItem(tx, row.item_id);
    const entries = item.materials.filter((m) => m.satisfiedByLicenceTypes.length > 0);
    const types = [...new Set(entries.flatMap((m) => m.satisfiedByLicenceTypes))];
    const valid = types.length
      ? (await holderLicences(tx, row.applicant_id, { types, now: ctx.now() })).filter(
          (l) => l.status === 'valid',
        )
      : [];
    const held = await Promise.all(valid.map((l) => named(tx, l)));
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.licenceChoices',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      details: { licences: held.map((l) => l.id), ...onBehalfDetails(actor, row) },
    });
    return {
      items: entries.map((m) => ({
        code: m.code,
        satisfiedByLicenceTypes: m.satisfiedByLicenceTypes,
        licences: held.filter((l) => m.satisfiedByLicenceTypes.includes(l.typeCode)).map(choiceOf),
      })),
    };
  });
}

/**
 * Uses one of the applicant's licences for a checklist entry instead of a file. A licence that does
 * not verify is refused (LICENCE_NOT_USABLE with the reason) and the refusal is audited; attaching the
 * same licence twice to the same entry answers with the record already there.
 */
export async function attachLicence(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  materialCode: string,
  licenceId: string,
): Promise<ApplicationMaterial> {
  const row = await assertMayAct(ctx, ctx.db, actor, await findApplication(ctx.db, id));
  if (!EDITABLE.has(row.status))
    throw new AppError('APPLICATION_NOT_EDITABLE', undefined, { status: row.status });
  const item = await requireItem(ctx.db, row.item_id);
  const entry = item.materials.find((m) => m.code === materialCode);
  if (!entry) throw new AppError('APPLICATION_MATERIAL_UNKNOWN', undefined, { code: materialCode });
  const checked = await checkLicence(ctx, ctx.db, row.applicant_id, licenceId, entry.satisfiedByLicenceTypes);
  if (!checked.ok) {
    await inTransaction(ctx.db, (tx) =>
      appendAudit(tx, {
        ...auditActor(actor),
        action: 'application.material.licenceRefused',
        subjectType: 'application',
        subjectId: id,
        details: { materialCode, licenceId, reason: checked.reason, ...onBehalfDetails(actor, row) },
      }),
    );
    throw refusal(materialCode, licenceId, checked.reason);
  }
  const { licence } = checked;
  const now = ctx.now();
  const content = verifiedContent(licence);
  const material = {
    id: uuidv7(),
    application_id: id,
    material_code: entry.code,
    file_name: licence.number,
    sha256: createHash('sha256').update(content).digest('hex'),
    size_bytes: content.length,
    mime_type: 'application/vc+jwt',
    uploaded_by: actor.accountId,
    uploaded_at: now,
    licence_id: licence.id,
    licence: snapshotOf(licence),
    licence_verified_at: now,
  };
  return inTransaction(ctx.db, async (tx) => {
    const current = await lockOwn(ctx, tx, actor, id, EDITABLE);
    const materials = await listMaterials(tx, id);
    const already = materials.find((m) => m.material_code === entry.code && m.licence_id === licence.id);
    if (already) return presentMaterial(already);
    await bindMaterial(ctx, tx, actor, current, {
      code: entry.code,
      bound: materials.length,
      insert: () => insertLicenceMaterial(tx, material),
      action: 'application.material.licence',
      details: {
        materialId: material.id,
        materialCode: entry.code,
        licenceId: licence.id,
        licenceNumber: licence.number,
      },
    });
    return presentMaterial(material);
  });
}

/**
 * In the submit transaction: every attached licence is verified again (it may have been revoked,
 * suspended or expired since it was attached); any failure refuses the submission with its reason.
 * Returns what the audit entry of the submission records.
 */
export async function reverifyLicences(
  ctx: PlatformContext,
  tx: Db,
  row: ApplicationRow,
  item: ServiceItem,
  materials: MaterialRow[],
): Promise<{ materialCode: string; licenceId: string; number: string }[]> {
  const attached = materials.filter((m) => m.licence_id);
  const verified = [];
  for (const m of attached) {
    const licenceId = m.licence_id as string;
    const types = item.materials.find((e) => e.code === m.material_code)?.satisfiedByLicenceTypes ?? [];
    const checked = await checkLicence(ctx, tx, row.applicant_id, licenceId, types);
    if (!checked.ok) throw refusal(m.material_code, licenceId, checked.reason);
    verified.push({ materialCode: m.material_code, licenceId, number: checked.licence.number });
  }
  await markLicencesVerified(
    tx,
    attached.map((m) => m.id),
    ctx.now(),
  );
  return verified;
}

/**
 * The officer's view of attached licences: each as verified, plus its status now — a licence revoked
 * after the submission shows revoked.
 */
export async function withLicenceStatus(
  ctx: PlatformContext,
  row: ApplicationRow,
  materials: ApplicationMaterial[],
): Promise<ApplicationMaterial[]> {
  return Promise.all(
    materials.map(async (m) => {
      if (!m.licence) return m;
      const v = await verificationProblem(ctx, ctx.db, row.applicant_id, m.licence.licenceId);
      const now: MaterialLicence['status'] =
        v.reason === null
          ? 'valid'
          : v.reason === 'revoked' || v.reason === 'suspended' || v.reason === 'expired'
            ? v.reason
            : 'invalid';
      return { ...m, licence: { ...m.licence, status: now } };
    }),
  );
}
