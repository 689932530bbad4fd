import type { Readable } from 'node:stream';
import type { ApplicationSummary, ApplicationView, FieldError, Locale } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { getServiceItem, type ServiceItem } from '../catalogue/index.ts';
import { validateApplicationData } from '../forms/index.ts';
import { getDepartment } from '../org/index.ts';
import {
  getInstanceView,
  resumeAfterSupplement,
  startProcess,
  terminateInstance,
} from '../workflow/index.ts';
import { assertAudience, assertOwner, EDITABLE, FINAL } from './applications.policy.ts';
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
  nextCaseSequence,
  updateApplication,
} from './applications.repository.ts';
import { composeView, presentMaterial, summaryOf } from './applications.view.ts';
import { caseYear, formatCaseNumber } from './case-number.ts';
import { openForm, sealForm } from './form-seal.ts';

/** A generous bound: a checklist rarely has more than ten entries, some with several pages. */
const MAX_FILES_PER_APPLICATION = 30;

type FormData = Record<string, unknown>;

function auditActor(actor: Actor) {
  return { actorId: actor.accountId, actorKind: actor.kind } as const;
}

async function requireItem(db: Db, idOrCode: string): Promise<ServiceItem> {
  const item = await getServiceItem(db, idOrCode);
  if (!item) throw new AppError('SERVICE_NOT_FOUND');
  return item;
}

async function view(ctx: PlatformContext, db: Db, row: ApplicationRow): Promise<ApplicationView> {
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
      region_code: dept?.regionCode ?? '000000',
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

/**
 * Checks the answers (every field error at once) and the checklist. Critical materials must be
 * there; a missing non-critical one does not block: the front desk may accept the case and ask
 * for it later (容缺受理).
 */
async function checkComplete(
  tx: Db,
  item: ServiceItem,
  applicationId: string,
  formData: FormData,
  locale: Locale,
): Promise<{ materials: MaterialRow[]; deferred: string[] }> {
  const errors: FieldError[] = await validateApplicationData(tx, item.id, formData, locale);
  if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
  const materials = await listMaterials(tx, applicationId);
  const provided = new Set(materials.map((m) => m.material_code));
  const missing = item.materials.filter((m) => m.required && m.critical && !provided.has(m.code));
  if (missing.length) {
    throw new AppError(
      'MATERIALS_MISSING',
      missing.map((m) => ({ code: m.code, nameZh: m.nameZh, nameEn: m.nameEn })),
    );
  }
  const deferred = item.materials.filter((m) => m.required && !provided.has(m.code)).map((m) => m.code);
  return { materials, deferred };
}

/**
 * Submits a draft: in ONE transaction the draft is locked and checked, gets its case number,
 * becomes `submitted`, its workflow starts, and the audit entry and the outbox event are written
 * — all or nothing. Checks that fail consume nothing (no case number, no rows).
 */
export async function submitApplication(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  locale: Locale,
): Promise<ApplicationView> {
  const done = await inTransaction(ctx.db, async (tx) => {
    const draft = assertOwner(actor, await lockApplication(tx, id));
    if (draft.status !== 'draft') throw new AppError('APPLICATION_NOT_DRAFT');
    const item = await requireItem(tx, draft.item_id);
    const formData = openForm(ctx.config, draft.form_data_enc);
    const { materials, deferred } = await checkComplete(tx, item, id, formData, locale);

    const now = ctx.now();
    await insertHistory(tx, {
      id: uuidv7(),
      application_id: id,
      kind: 'submitted',
      at: now,
      actor_id: actor.accountId,
      actor_name: draft.applicant_name,
      note: null,
    });
    // The counter row stays locked until commit and orders every submission of the region:
    // from here on, only what needs the case number.
    const year = caseYear(now);
    const caseNumber = formatCaseNumber(
      draft.region_code,
      year,
      await nextCaseSequence(tx, draft.region_code, year),
    );
    const started = await startProcess(tx, {
      processKey: item.processKey,
      businessKey: id,
      regionCode: draft.region_code,
      ownerDepartmentId: item.departmentId,
      variables: formData,
      title: {
        caseNumber,
        itemNameZh: item.nameZh,
        itemNameEn: item.nameEn,
        applicantName: draft.applicant_name,
      },
      dueInWorkingDays: item.promisedDays,
    });
    const changes = {
      status: 'submitted' as const,
      case_number: caseNumber,
      instance_id: started.instanceId,
      due_at: new Date(started.dueAt),
      submitted_at: now,
    };
    await updateApplication(tx, id, changes, now);
    await ctx.outbox.enqueue(tx, 'application.submitted', {
      caseId: id,
      caseNumber,
      applicantId: actor.accountId,
      itemId: item.id,
      formData,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.submit',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      details: { caseNumber, instanceId: started.instanceId, deferredMaterials: deferred },
    });
    return { row: { ...draft, ...changes, updated_at: now }, item, materials };
  });
  return (await composeView(ctx, ctx.db, done.row, done)).view;
}

/** Withdraws an application that has no final decision yet; its workflow instance is terminated. */
export async function withdrawApplication(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<ApplicationView> {
  const row = await inTransaction(ctx.db, async (tx) => {
    const current = assertOwner(actor, await lockApplication(tx, id));
    if (FINAL.has(current.status)) throw new AppError('APPLICATION_NOT_WITHDRAWABLE');
    if (current.instance_id) {
      // The decision may be made but its event not yet applied here: the workflow is the truth.
      const instance = await getInstanceView(tx, current.instance_id);
      if (instance.status === 'completed' || instance.status === 'terminated') {
        throw new AppError('APPLICATION_NOT_WITHDRAWABLE');
      }
      await terminateInstance(tx, current.instance_id, `withdrawn by the applicant: ${reason}`);
    }
    const now = ctx.now();
    await updateApplication(
      tx,
      id,
      { status: 'withdrawn', withdrawn_at: now, withdraw_reason: reason, supplement: null },
      now,
    );
    await insertHistory(tx, {
      id: uuidv7(),
      application_id: id,
      kind: 'withdrawn',
      at: now,
      actor_id: actor.accountId,
      actor_name: current.applicant_name,
      note: reason,
    });
    await ctx.outbox.enqueue(tx, 'application.withdrawn', {
      caseId: id,
      caseNumber: current.case_number,
      applicantId: actor.accountId,
      reason,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.withdraw',
      subjectType: 'application',
      subjectId: id,
      details: { caseNumber: current.case_number, from: current.status },
    });
    return (await findApplication(tx, id)) as ApplicationRow;
  });
  return view(ctx, ctx.db, row);
}

/** After a return for supplement (补正): the corrected answers go back to the step that returned it. */
export async function resubmitApplication(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  formData: FormData,
  locale: Locale,
): Promise<ApplicationView> {
  const row = await inTransaction(ctx.db, async (tx) => {
    const current = assertOwner(actor, await lockApplication(tx, id));
    if (current.status !== 'returned' || !current.instance_id || !current.case_number) {
      throw new AppError('APPLICATION_NOT_RETURNED');
    }
    const item = await requireItem(tx, current.item_id);
    await checkComplete(tx, item, id, formData, locale);
    const now = ctx.now();
    await resumeAfterSupplement(tx, current.instance_id, formData);
    await updateApplication(
      tx,
      id,
      {
        status: current.accepted_at ? 'in_review' : 'submitted',
        form_data_enc: sealForm(ctx.config, formData),
        supplement: null,
      },
      now,
    );
    await insertHistory(tx, {
      id: uuidv7(),
      application_id: id,
      kind: 'resubmitted',
      at: now,
      actor_id: actor.accountId,
      actor_name: current.applicant_name,
      note: null,
    });
    await ctx.outbox.enqueue(tx, 'application.supplemented', {
      caseId: id,
      caseNumber: current.case_number,
      applicantId: actor.accountId,
      itemId: item.id,
      formData,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.resubmit',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      details: { caseNumber: current.case_number },
    });
    return (await findApplication(tx, id)) as ApplicationRow;
  });
  return view(ctx, ctx.db, row);
}
