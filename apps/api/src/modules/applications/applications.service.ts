// Drafts and their materials, on the applicant's side (submission: submission.service.ts).
import type { Readable } from 'node:stream';
import type { ApplicationStatus, ApplicationSummary, ApplicationView } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { StoredFile } from '../../platform/files.ts';
import { appendAudit } from '../audit/index.ts';
import { getServiceItem, type ServiceItem } from '../catalogue/index.ts';
import { getDepartment } from '../org/index.ts';
import { assertMayAct, assertMayRead, onBehalfDetails } from './acting.ts';
import { assertAudience, EDITABLE } from './applications.policy.ts';
import {
  type ApplicationRow,
  deleteMaterial,
  type FiledByRecord,
  findApplication,
  findApplications,
  insertApplication,
  insertHistory,
  insertMaterial,
  listByApplicant,
  listMaterials,
  lockApplication,
  type MaterialRow,
  updateApplication,
} from './applications.repository.ts';
import { composeView, presentMaterial, summaryOf } from './applications.view.ts';
import { sealForm } from './form-seal.ts';
import { assertMaterialChangeAllowed } from './supplement.rules.ts';

/** A generous bound: a checklist rarely has more than ten entries, some with several pages. */
const MAX_FILES_PER_APPLICATION = 30;

export type FormData = Record<string, unknown>;

export function auditActor(actor: Actor) {
  return { actorId: actor.accountId, actorKind: actor.kind } as const;
}

export async function requireItem(db: Db, idOrCode: string): Promise<ServiceItem> {
  const item = await getServiceItem(db, idOrCode);
  if (!item) throw new AppError('SERVICE_NOT_FOUND');
  return item;
}

export async function view(ctx: PlatformContext, db: Db, row: ApplicationRow): Promise<ApplicationView> {
  return (await composeView(ctx, db, row)).view;
}

/**
 * Writes a new draft of an item offered to the applicant's kind of account, in the caller's
 * transaction: the row, its `created` step and the audit entry. A draft filed by a bundle carries
 * the bundle's id and number.
 */
export async function insertDraft(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  input: {
    item: ServiceItem;
    formData?: FormData;
    bundle?: { id: string; number: string };
    /** Filed for someone else (代办): the applicant, the filer's record, and what to add to the audit entry. */
    onBehalf?: {
      applicant: { accountId: string; kind: 'citizen' | 'enterprise'; name: string };
      filedBy: FiledByRecord;
      details: Record<string, unknown>;
    };
  },
): Promise<ApplicationRow> {
  const { item, bundle, onBehalf } = input;
  const applicant = onBehalf?.applicant ?? { accountId: actor.accountId, kind: actor.kind, name: actor.name };
  assertAudience({ ...actor, kind: applicant.kind }, item.audience);
  const dept = await getDepartment(tx, item.departmentId);
  if (!dept) throw new Error(`service ${item.code} names a department that does not exist`);
  const now = ctx.now();
  const id = uuidv7();
  await insertApplication(tx, {
    id,
    applicant_id: applicant.accountId,
    applicant_kind: applicant.kind as 'citizen' | 'enterprise',
    applicant_name: applicant.name,
    item_id: item.id,
    item_code: item.code,
    item_name_zh: item.nameZh,
    item_name_en: item.nameEn,
    region_code: dept.regionCode,
    status: 'draft',
    form_data_enc: sealForm(ctx.config, input.formData ?? {}),
    created_at: now,
    ...(bundle ? { bundle_id: bundle.id, bundle_number: bundle.number } : {}),
    ...(onBehalf ? { filed_by_account_id: actor.accountId, filed_by: onBehalf.filedBy } : {}),
  });
  await insertHistory(tx, {
    id: uuidv7(),
    application_id: id,
    kind: 'created',
    at: now,
    actor_id: actor.accountId,
    actor_name: actor.name,
    note: null,
  });
  await appendAudit(tx, {
    ...auditActor(actor),
    action: 'application.create',
    subjectType: 'application',
    subjectId: id,
    personalData: input.formData !== undefined,
    details: { itemCode: item.code, ...(bundle ? { bundleId: bundle.id } : {}), ...onBehalf?.details },
  });
  return (await findApplication(tx, id)) as ApplicationRow;
}

/** Starts a draft for one of the service items offered to the applicant's kind of account. */
export async function createDraft(
  ctx: PlatformContext,
  actor: Actor,
  input: { serviceId: string; formData?: FormData },
): Promise<ApplicationView> {
  const item = await requireItem(ctx.db, input.serviceId);
  const row = await inTransaction(ctx.db, (tx) =>
    insertDraft(ctx, tx, actor, { item, formData: input.formData }),
  );
  return view(ctx, ctx.db, row);
}

export async function getOwnApplication(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<ApplicationView> {
  const row = await inTransaction(ctx.db, async (tx) =>
    assertMayRead(ctx, tx, actor, await findApplication(tx, id)),
  );
  return view(ctx, ctx.db, row);
}

/**
 * The applicant's own cases among `ids`, as full views in the order asked (a bundle's combined
 * progress); ids of anyone else's cases are left out.
 */
export async function applicantCaseViews(
  ctx: PlatformContext,
  applicantId: string,
  ids: string[],
): Promise<ApplicationView[]> {
  const rows = new Map((await findApplications(ctx.db, ids)).map((r) => [r.id, r]));
  const own = ids.flatMap((id) => {
    const row = rows.get(id);
    return row && row.applicant_id === applicantId ? [row] : [];
  });
  return Promise.all(own.map((row) => view(ctx, ctx.db, row)));
}

/** The current status of each case among `ids` (what a bundle derives its own status from). */
export async function caseStatuses(db: Db, ids: string[]): Promise<Map<string, ApplicationStatus>> {
  return new Map((await findApplications(db, ids)).map((r) => [r.id, r.status]));
}

export async function listOwnApplications(
  ctx: PlatformContext,
  actor: Actor,
  q: { status?: ApplicationSummary['status']; limit?: number; cursor?: string },
): Promise<{ items: ApplicationSummary[]; nextCursor: string | null }> {
  const limit = q.limit ?? 20;
  const rows = await listByApplicant(ctx.db, actor.accountId, {
    status: q.status,
    beforeId: q.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { items: page.map(summaryOf), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Locks the applicant's own application (or one they filed, 代办) for a change allowed only in `allowed` states. */
export async function lockOwn(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  id: string,
  allowed: Set<string>,
): Promise<ApplicationRow> {
  const row = await assertMayAct(ctx, tx, actor, await lockApplication(tx, id));
  if (!allowed.has(row.status))
    throw new AppError('APPLICATION_NOT_EDITABLE', undefined, { status: row.status });
  return row;
}

/** Saves the answers as they are (a draft may be incomplete); they are checked in full on submit. */
export async function saveDraftForm(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  formData: FormData,
): Promise<ApplicationView> {
  const row = await inTransaction(ctx.db, async (tx) => {
    const current = await lockOwn(ctx, tx, actor, id, EDITABLE);
    await updateApplication(tx, id, { form_data_enc: sealForm(ctx.config, formData) }, ctx.now());
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.saveForm',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      details: onBehalfDetails(actor, current),
    });
    return (await findApplication(tx, id)) as ApplicationRow;
  });
  return view(ctx, ctx.db, row);
}

/**
 * Stores an uploaded material's bytes (the store refuses oversized files and files whose bytes are
 * not what their name says) and checks the sniffed type against the material's accepted formats.
 */
export async function storeMaterialFile(
  ctx: PlatformContext,
  upload: { fileName: string; content: Readable | Buffer },
  formats: string[] | undefined,
): Promise<StoredFile> {
  const stored = await ctx.files.put(ctx.db, upload.content, upload.fileName);
  if (formats?.length && !formats.some((f) => stored.mimeType.endsWith(f === 'jpg' ? 'jpeg' : f))) {
    throw new AppError('APPLICATION_MATERIAL_FORMAT', [{ accepted: formats }], {
      formats: formats.join(', '),
    });
  }
  return stored;
}

/** A stored file bound to a checklist entry of a case, uploaded by `actor`. */
export function materialRow(
  applicationId: string,
  materialCode: string,
  fileName: string,
  stored: StoredFile,
  actor: Actor,
  at: Date,
): MaterialRow {
  return {
    id: uuidv7(),
    application_id: applicationId,
    material_code: materialCode,
    file_name: fileName.slice(0, 255),
    sha256: stored.sha256,
    size_bytes: stored.sizeBytes,
    mime_type: stored.mimeType,
    uploaded_by: actor.accountId,
    uploaded_at: at,
  };
}

/**
 * Binds an uploaded file to a checklist entry of the service. The store refuses oversized files
 * and files whose bytes are not what their name says; the material's accepted formats are
 * checked against the type sniffed from the bytes.
 */
export async function uploadMaterial(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  upload: { materialCode: string; fileName: string; content: Readable | Buffer },
): Promise<ReturnType<typeof presentMaterial>> {
  const row = await assertMayAct(ctx, ctx.db, actor, await findApplication(ctx.db, id));
  if (!EDITABLE.has(row.status))
    throw new AppError('APPLICATION_NOT_EDITABLE', undefined, { status: row.status });
  const item = await requireItem(ctx.db, row.item_id);
  const entry = item.materials.find((m) => m.code === upload.materialCode);
  if (!entry)
    throw new AppError('APPLICATION_MATERIAL_UNKNOWN', undefined, { code: upload.materialCode.slice(0, 64) });
  const stored = await storeMaterialFile(
    ctx,
    upload,
    (entry as { acceptedFormats?: string[] }).acceptedFormats,
  );
  const material = materialRow(id, entry.code, upload.fileName, stored, actor, ctx.now());
  await inTransaction(ctx.db, async (tx) => {
    const current = await lockOwn(ctx, tx, actor, id, EDITABLE);
    await bindMaterial(ctx, tx, actor, current, {
      code: entry.code,
      bound: (await listMaterials(tx, id)).length,
      insert: () => insertMaterial(tx, material),
      action: 'application.material.upload',
      details: { materialId: material.id, materialCode: entry.code, sha256: stored.sha256 },
    });
  });
  return presentMaterial(material);
}

/**
 * Binds a material record — a file, or an e-licence (免证办) — to a draft the caller has locked: only
 * an entry the case's state lets change, at most MAX_FILES_PER_APPLICATION records, audited.
 */
export async function bindMaterial(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  current: ApplicationRow,
  bind: {
    code: string;
    /** Records already bound to the application. */
    bound: number;
    insert: () => Promise<void>;
    action: string;
    details: Record<string, unknown>;
  },
): Promise<void> {
  await assertMaterialChangeAllowed(tx, current, bind.code);
  if (bind.bound >= MAX_FILES_PER_APPLICATION) {
    throw new AppError('APPLICATION_TOO_MANY_MATERIALS', undefined, { max: MAX_FILES_PER_APPLICATION });
  }
  await bind.insert();
  await updateApplication(tx, current.id, {}, ctx.now());
  await appendAudit(tx, {
    ...auditActor(actor),
    action: bind.action,
    subjectType: 'application',
    subjectId: current.id,
    personalData: true,
    details: { ...bind.details, ...onBehalfDetails(actor, current) },
  });
}

export async function removeMaterial(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  materialId: string,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const current = await lockOwn(ctx, tx, actor, id, EDITABLE);
    const removed = await deleteMaterial(tx, id, materialId);
    if (!removed) throw new AppError('APPLICATION_MATERIAL_NOT_FOUND');
    await assertMaterialChangeAllowed(tx, current, removed.material_code);
    await updateApplication(tx, id, {}, ctx.now());
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.material.delete',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      details: { materialId, materialCode: removed.material_code, ...onBehalfDetails(actor, current) },
    });
  });
}
