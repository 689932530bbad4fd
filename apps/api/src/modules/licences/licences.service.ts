import { createHash, randomInt } from 'node:crypto';
import type { LicenceDetail, LicenceStatus, LicenceSummary } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { getAccountName } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import type { Department } from '../org/index.ts';
import { appendToLog, didFor, signJwsAs } from '../trust/index.ts';
import { cachedDepartment, cachedTypes } from './licences.cache.ts';
import { type FieldValue, licenceCredential, VC_HEADER } from './licences.credential.ts';
import { open, seal } from './licences.keys.ts';
import { formatLicenceNumber } from './licences.number.ts';
import {
  bumpStatusList,
  findLicence,
  findLicenceByCase,
  findType,
  insertLicence,
  type LicenceRow,
  type LicenceState,
  type LicenceTypeRow,
  lockLicence,
  nextLicenceSequence,
  updateLicenceStatus,
} from './licences.repository.ts';
import { STATUS_LIST_BITS, type StatusPurpose } from './status-list.ts';

export const holderUrn = (accountId: string) => `urn:uuid:${accountId}`;
export const credentialUrn = (licenceId: string) => `urn:uuid:${licenceId}`;

export function statusListUrl(ctx: PlatformContext, departmentId: string, purpose: StatusPurpose): string {
  return `${ctx.config.publicUrl.replace(/\/$/, '')}/api/v1/status-lists/${departmentId}/${purpose}`;
}

/** Licence years and numbers follow China time (UTC+8), as case numbers do. */
const chinaYear = (at: Date) => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();

function addYears(at: Date, years: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** The value at a JSON pointer (RFC 6901) of the form answers, when it is a plain value. */
export function readPointer(doc: unknown, pointer: string): FieldValue | undefined {
  let at: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'string' || typeof at === 'number' || typeof at === 'boolean' ? at : undefined;
}

/** The credential fields a type takes from the form answers (absent answers are left out). */
export function fieldsFromForm(type: LicenceTypeRow, formData: unknown): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const f of type.fields) {
    const v = readPointer(formData, f.pointer);
    if (v !== undefined) fields[f.name] = v;
  }
  return fields;
}

export async function requireDepartmentByCode(
  ctx: PlatformContext,
  db: Db,
  code: string,
): Promise<Department> {
  const dept = await cachedDepartment(ctx, db, code);
  if (!dept) throw new AppError('LICENCE_TYPE_NOT_FOUND');
  return dept;
}

/**
 * Draws of a status list index before giving up: the index is random (the Bitstring Status List
 * spec's advice against correlation) and a draw collides only when the issuer's list is nearly full.
 */
const STATUS_INDEX_DRAWS = 32;

/**
 * Signs the credential for a random status index (the Bitstring Status List spec's advice against
 * correlation) and inserts the licence, whose unique index per issuer claims the index: no check
 * query first, and two issues drawing the same index at once cannot both have it. The index is in
 * the signed credential, so a collision means drawing and signing again. When the case got its
 * licence meanwhile (approved twice at once), that licence is returned instead.
 */
async function signAndInsert(
  ctx: PlatformContext,
  tx: Db,
  caseId: string | undefined,
  draft: (statusIndex: number) => {
    credential: Record<string, unknown>;
    row: Omit<LicenceRow, 'jws_enc' | 'jws_digest' | 'kid' | 'alg'>;
  },
): Promise<LicenceRow> {
  for (let draw = 0; draw < STATUS_INDEX_DRAWS; draw++) {
    const { credential, row } = draft(randomInt(STATUS_LIST_BITS));
    const signed = await signJwsAs({ ...ctx, db: tx }, row.issuer_department_id, credential, VC_HEADER);
    const licence: LicenceRow = {
      ...row,
      jws_enc: seal(signed.jws),
      jws_digest: createHash('sha256').update(signed.jws).digest('hex'),
      kid: signed.kid,
      alg: signed.alg,
    };
    if (await insertLicence(tx, licence)) return licence;
    const other = caseId ? await findLicenceByCase(tx, caseId) : undefined;
    if (other) return other;
  }
  throw new Error('licences: no free status list index found');
}

export interface IssueInput {
  type: LicenceTypeRow;
  holderId: string;
  fields: Record<string, FieldValue>;
  /** The approved case (idempotent on it); absent for direct issue and seeded licences. */
  caseId?: string;
  caseNumber?: string;
  actor?: Actor | null;
  validFrom?: Date;
}

/**
 * Issues a licence in one transaction: number, status index, the credential signed by the issuing
 * department (vc+jwt), the row, the transparency-log entry, the audit entry and the holder's
 * notification. A case that already has its licence gets that licence back.
 */
export async function issueLicence(ctx: PlatformContext, db: Db, input: IssueInput): Promise<LicenceRow> {
  return inTransaction(db, async (tx) => {
    if (input.caseId) {
      const existing = await findLicenceByCase(tx, input.caseId);
      if (existing) return existing;
    }
    const { type } = input;
    const dept = await requireDepartmentByCode(ctx, tx, type.department_code);
    const now = ctx.now();
    const validFrom = input.validFrom ?? now;
    const validUntil = type.validity_years ? addYears(validFrom, type.validity_years) : null;
    const id = uuidv7();
    const year = chinaYear(now);
    const number = formatLicenceNumber({
      typeCode: type.number_code,
      regionCode: dept.regionCode,
      departmentCode: dept.code,
      year,
      // Drawn in its own short transaction (the pool, not `tx`): the counter row is locked only for
      // that moment, not until this issue commits, so issues do not queue behind each other on it.
      // A rolled-back issue leaves a gap; a number is never given twice.
      sequence: await nextLicenceSequence(ctx.db, dept.regionCode, year),
    });
    const holderName = (await getAccountName(tx, input.holderId)) ?? '';
    const row = await signAndInsert(ctx, tx, input.caseId, (statusIndex) => {
      const credential = licenceCredential({
        credentialId: credentialUrn(id),
        vcType: type.vc_type,
        typeNameZh: type.name_zh,
        typeNameEn: type.name_en,
        number,
        issuerDid: didFor(ctx, dept.id),
        issuerNameZh: dept.nameZh,
        issuerNameEn: dept.nameEn,
        validFrom,
        validUntil,
        holderUrn: holderUrn(input.holderId),
        holderName,
        fields: input.fields,
        statusListUrl: (purpose) => statusListUrl(ctx, dept.id, purpose),
        statusIndex,
      });
      const row: Omit<LicenceRow, 'jws_enc' | 'jws_digest' | 'kid' | 'alg'> = {
        id,
        number,
        type_code: type.code,
        holder_id: input.holderId,
        issuer_department_id: dept.id,
        region_code: dept.regionCode,
        case_id: input.caseId ?? null,
        status: 'valid',
        status_reason: null,
        status_changed_at: null,
        status_index: statusIndex,
        valid_from: validFrom,
        valid_until: validUntil,
        issued_by: input.actor?.accountId ?? null,
        issued_at: now,
      };
      return { credential, row };
    });
    // The same case approved twice at once: the other issue committed first, its licence stands.
    if (row.id !== id) return row;
    await notify(tx, {
      recipientAccountId: input.holderId,
      kind: 'licence.issued',
      template: 'licence.issued',
      params: { licenceName: { 'zh-CN': type.name_zh, en: type.name_en }, number },
      link: `/me/licences/${id}`,
      subject: { type: 'licence', id },
      dedupeKey: `licence.issued:${id}`,
    });
    // Log appends serialise on the log's lock until commit: last but the audit entry, to hold it briefly.
    await appendToLog(tx, { kind: 'licence.issued', ref: id, entry: { number, jwsSha256: row.jws_digest } });
    await appendAudit(tx, {
      actorId: input.actor?.accountId ?? null,
      actorKind: input.actor?.kind ?? 'system',
      action: 'licence.issue',
      subjectType: 'licence',
      subjectId: id,
      personalData: true,
      dataSubjectId: input.holderId,
      details: {
        number,
        type: type.code,
        issuer: dept.code,
        kid: row.kid,
        alg: row.alg,
        ...(input.caseId ? { caseId: input.caseId, caseNumber: input.caseNumber } : {}),
      },
    });
    return row;
  });
}

const STATUS_WORDS: Record<string, { 'zh-CN': string; en: string }> = {
  revoked: { 'zh-CN': '撤销', en: 'revoked' },
  suspended: { 'zh-CN': '暂停使用', en: 'suspended' },
  valid: { 'zh-CN': '恢复有效', en: 'reinstated' },
};

const TRANSITIONS: Record<'revoke' | 'suspend' | 'reinstate', { from: LicenceState[]; to: LicenceState }> = {
  revoke: { from: ['valid', 'suspended'], to: 'revoked' },
  suspend: { from: ['valid'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'valid' },
};

/**
 * Moves a locked licence to revoked, suspended or back to valid: the issuer's status lists are
 * marked for rebuilding, the change is logged (transparency log), audited and told to the holder.
 */
export async function applyStatusChange(
  ctx: PlatformContext,
  tx: Db,
  row: LicenceRow,
  action: 'revoke' | 'suspend' | 'reinstate',
  reason: string,
  actor: Actor | null,
  cause: Record<string, unknown> = {},
): Promise<LicenceRow> {
  const move = TRANSITIONS[action];
  if (!move.from.includes(row.status)) {
    throw new AppError('LICENCE_STATUS_TRANSITION', undefined, { status: row.status, action });
  }
  const at = ctx.now();
  await updateLicenceStatus(tx, row.id, move.to, reason, at);
  // A bit moves in the list of the state left and of the state entered.
  for (const purpose of ['revocation', 'suspension'] as const) {
    const state = purpose === 'revocation' ? 'revoked' : 'suspended';
    if (row.status === state || move.to === state)
      await bumpStatusList(tx, row.issuer_department_id, purpose);
  }
  const type = await findType(tx, row.type_code);
  await notify(tx, {
    recipientAccountId: row.holder_id,
    kind: 'licence.status',
    template: 'licence.statusChanged',
    params: {
      licenceName: { 'zh-CN': type?.name_zh ?? row.type_code, en: type?.name_en ?? row.type_code },
      number: row.number,
      status: STATUS_WORDS[move.to]!,
      reason,
    },
    link: `/me/licences/${row.id}`,
    subject: { type: 'licence', id: row.id },
    dedupeKey: `licence.status:${row.id}:${move.to}:${at.toISOString()}`,
  });
  await appendToLog(tx, {
    kind: `licence.${move.to === 'valid' ? 'reinstated' : move.to}`,
    ref: row.id,
    entry: { number: row.number, jwsSha256: row.jws_digest, status: move.to },
  });
  await appendAudit(tx, {
    actorId: actor?.accountId ?? null,
    actorKind: actor?.kind ?? 'system',
    action: `licence.${action}`,
    subjectType: 'licence',
    subjectId: row.id,
    dataSubjectId: row.holder_id,
    details: { number: row.number, from: row.status, to: move.to, reason, ...cause },
  });
  return { ...row, status: move.to, status_reason: reason, status_changed_at: at };
}

/** The status a holder or verifier sees: expiry is computed, not stored. */
export function effectiveStatus(row: LicenceRow, now: Date): LicenceStatus {
  if (row.status !== 'valid') return row.status;
  return row.valid_until && row.valid_until.getTime() <= now.getTime() ? 'expired' : 'valid';
}

export async function typesByCode(ctx: PlatformContext, db: Db): Promise<Map<string, LicenceTypeRow>> {
  return new Map((await cachedTypes(ctx, db)).map((t) => [t.code, t]));
}

export function credentialOf(row: LicenceRow): { jws: string; payload: Record<string, unknown> } {
  const jws = open(row.jws_enc);
  const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return { jws, payload };
}

export async function summaryOf(
  ctx: PlatformContext,
  db: Db,
  row: LicenceRow,
  types: Map<string, LicenceTypeRow>,
  now: Date,
  departments: Map<string, Department | undefined> = new Map(),
): Promise<LicenceSummary> {
  const type = types.get(row.type_code);
  if (!departments.has(row.issuer_department_id)) {
    departments.set(row.issuer_department_id, await cachedDepartment(ctx, db, row.issuer_department_id));
  }
  const dept = departments.get(row.issuer_department_id);
  return {
    id: row.id,
    number: row.number,
    typeCode: row.type_code,
    typeNameZh: type?.name_zh ?? row.type_code,
    typeNameEn: type?.name_en ?? row.type_code,
    issuerDepartmentId: row.issuer_department_id,
    issuerNameZh: dept?.nameZh ?? '',
    issuerNameEn: dept?.nameEn ?? '',
    status: effectiveStatus(row, now),
    validFrom: row.valid_from.toISOString(),
    validUntil: row.valid_until?.toISOString() ?? null,
    issuedAt: row.issued_at.toISOString(),
  };
}

export async function detailOf(ctx: PlatformContext, db: Db, row: LicenceRow): Promise<LicenceDetail> {
  const types = await typesByCode(ctx, db);
  const type = types.get(row.type_code);
  const { payload } = credentialOf(row);
  const subject = (payload.credentialSubject ?? {}) as Record<string, FieldValue>;
  const fields = (type?.fields ?? [])
    .filter((f) => Object.hasOwn(subject, f.name))
    .map((f) => ({ name: f.name, labelZh: f.labelZh, labelEn: f.labelEn, value: subject[f.name] ?? null }));
  return {
    ...(await summaryOf(ctx, db, row, types, ctx.now())),
    holderId: row.holder_id,
    issuerDid: didFor(ctx, row.issuer_department_id),
    credentialId: credentialUrn(row.id),
    caseId: row.case_id,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at?.toISOString() ?? null,
    fields,
  };
}

/** Staff changing a licence's status (POST /licences/:id/status). */
export async function changeStatusAs(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  action: 'revoke' | 'suspend' | 'reinstate',
  reason: string,
  allowed: (issuerDepartmentId: string) => boolean,
): Promise<LicenceDetail> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await lockLicence(tx, id);
    if (!row) throw new AppError('LICENCE_NOT_FOUND');
    if (!allowed(row.issuer_department_id)) throw new AppError('FORBIDDEN');
    const changed = await applyStatusChange(ctx, tx, row, action, reason, actor);
    return detailOf(ctx, tx, changed);
  });
}

export async function requireLicence(db: Db, id: string): Promise<LicenceRow> {
  const row = await findLicence(db, id);
  if (!row) throw new AppError('LICENCE_NOT_FOUND');
  return row;
}
