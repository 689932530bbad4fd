// Drafts and their materials, on the applicant's side (submission: submission.service.ts).
import type { Readable } from 'node:stream';
import type { ApplicationSummary, ApplicationView } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { getServiceItem, type ServiceItem } from '../catalogue/index.ts';
import { getDepartment } from '../org/index.ts';
import { assertAudience, assertOwner, EDITABLE } from './applications.policy.ts';
import {
  type ApplicationRow,
  deleteMaterial,
  findApplication,
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

/** Starts a draft for one of the service items offered to the applicant's kind of account. */
export async function createDraft(
  ctx: PlatformContext,
  actor: Actor,
  input: { serviceId: string; formData?: FormData },
): Promise<ApplicationView> {
  const item = await requireItem(ctx.db, input.serviceId);
  assertAudience(actor, item.audience);
  const dept = await getDepartment(ctx.db, item.departmentId);
  if (!dept) throw new Error(`service ${item.code} names a department that does not exist`);
  const now = ctx.now();
  const row = await inTransaction(ctx.db, async (tx) => {
    const id = uuidv7();
    await insertApplication(tx, {
      id,
      applicant_id: actor.accountId,
      applicant_kind: actor.kind as 'citizen' | 'enterprise',
      applicant_name: actor.name,
      item_id: item.id,
      item_code: item.code,
      item_name_zh: item.nameZh,
      item_name_en: item.nameEn,
      region_code: dept.regionCode,
      status: 'draft',
      form_data_enc: sealForm(ctx.config, input.formData ?? {}),
      created_at: now,
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
      details: { itemCode: item.code },
    });
    return (await findApplication(tx, id)) as ApplicationRow;
  });
  return view(ctx, ctx.db, row);
}

export async function getOwnApplication(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<ApplicationView> {
  const row = assertOwner(actor, await findApplication(ctx.db, id));
  return view(ctx, ctx.db, row);
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

/** Locks the applicant's own application for a change allowed only in `allowed` states. */
async function lockOwn(tx: Db, actor: Actor, id: string, allowed: Set<string>): Promise<ApplicationRow> {
  const row = assertOwner(actor, await lockApplication(tx, id));
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
    await lockOwn(tx, actor, id, EDITABLE);
    await updateApplication(tx, id, { form_data_enc: sealForm(ctx.config, formData) }, ctx.now());
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.saveForm',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
    });
    return (await findApplication(tx, id)) as ApplicationRow;
  });
  return view(ctx, ctx.db, row);
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
  const row = assertOwner(actor, await findApplication(ctx.db, id));
  if (!EDITABLE.has(row.status))
    throw new AppError('APPLICATION_NOT_EDITABLE', undefined, { status: row.status });
  const item = await requireItem(ctx.db, row.item_id);
  const entry = item.materials.find((m) => m.code === upload.materialCode);
  if (!entry)
    throw new AppError('APPLICATION_MATERIAL_UNKNOWN', undefined, { code: upload.materialCode.slice(0, 64) });
  const stored = await ctx.files.put(ctx.db, upload.content, upload.fileName);
  const formats = (entry as { acceptedFormats?: string[] }).acceptedFormats;
  if (formats?.length && !formats.some((f) => stored.mimeType.endsWith(f === 'jpg' ? 'jpeg' : f))) {
    throw new AppError('APPLICATION_MATERIAL_FORMAT', [{ accepted: formats }], {
      formats: formats.join(', '),
    });
  }
  const material: MaterialRow = {
    id: uuidv7(),
    application_id: id,
    material_code: entry.code,
    file_name: upload.fileName.slice(0, 255),
    sha256: stored.sha256,
    size_bytes: stored.sizeBytes,
    mime_type: stored.mimeType,
    uploaded_by: actor.accountId,
    uploaded_at: ctx.now(),
  };
  await inTransaction(ctx.db, async (tx) => {
    await lockOwn(tx, actor, id, EDITABLE);
    if ((await listMaterials(tx, id)).length >= MAX_FILES_PER_APPLICATION) {
      throw new AppError('APPLICATION_TOO_MANY_MATERIALS', undefined, { max: MAX_FILES_PER_APPLICATION });
    }
    await insertMaterial(tx, material);
    await updateApplication(tx, id, {}, ctx.now());
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.material.upload',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      details: { materialId: material.id, materialCode: entry.code, sha256: stored.sha256 },
    });
  });
  return presentMaterial(material);
}

export async function removeMaterial(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  materialId: string,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await lockOwn(tx, actor, id, EDITABLE);
    const removed = await deleteMaterial(tx, id, materialId);
    if (!removed) throw new AppError('APPLICATION_MATERIAL_NOT_FOUND');
    await updateApplication(tx, id, {}, ctx.now());
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.material.delete',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      details: { materialId, materialCode: removed.material_code },
    });
  });
}
