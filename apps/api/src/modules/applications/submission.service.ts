import type { ApplicationView, Locale } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { ServiceItem } from '../catalogue/index.ts';
import { checkApplicationData } from '../forms/index.ts';
import {
  getInstanceView,
  resumeAfterSupplement,
  startProcess,
  terminateInstance,
} from '../workflow/index.ts';
import { assertMayAct, onBehalfDetails, stepActorName, tellApplicantFiledForThem } from './acting.ts';
import { assertOwner, FINAL } from './applications.policy.ts';
import {
  type ApplicationRow,
  findApplication,
  insertHistory,
  insertMaterials,
  listMaterials,
  lockApplication,
  type MaterialRow,
  nextCaseSequence,
  updateApplication,
} from './applications.repository.ts';
import { auditActor, type FormData, insertDraft, requireItem, view } from './applications.service.ts';
import { composeView } from './applications.view.ts';
import { caseYear, formatCaseNumber } from './case-number.ts';
import { closeOpenDeferral } from './deferral.service.ts';
import { openForm, sealForm } from './form-seal.ts';
import { applicantFacts, approvedAtStart, caseVariables } from './instant.ts';
import { reverifyLicences } from './licence-materials.service.ts';
import { settleSupplement } from './supplement.service.ts';

// Submission and what follows it on the applicant's side: submit, withdraw, resubmit after 补正.

/**
 * Checks the answers (every field error at once) and the checklist. Critical materials must be
 * there; a missing non-critical one does not block: the front desk may accept the case and ask
 * for it later (容缺受理). A document another item of the same bundle issues (`issuedInBundle`, e.g.
 * the business licence) counts as there: that department shares it once issued.
 */
async function checkComplete(
  tx: Db,
  item: ServiceItem,
  applicationId: string,
  formData: FormData,
  locale: Locale,
  issuedInBundle: readonly string[] = [],
): Promise<{ materials: MaterialRow[]; deferred: string[]; variables: Record<string, unknown> }> {
  const { errors, variables } = await checkApplicationData(tx, item.id, formData, locale);
  if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
  const materials = await listMaterials(tx, applicationId);
  const provided = new Set([...materials.map((m) => m.material_code), ...issuedInBundle]);
  const missing = item.materials.filter((m) => m.required && m.critical && !provided.has(m.code));
  if (missing.length) {
    throw new AppError(
      'MATERIALS_MISSING',
      missing.map((m) => ({ code: m.code, nameZh: m.nameZh, nameEn: m.nameEn })),
    );
  }
  const deferred = item.materials.filter((m) => m.required && !provided.has(m.code)).map((m) => m.code);
  return { materials, deferred, variables };
}

/**
 * Files a draft as a case inside the caller's transaction: every field and the checklist are
 * checked, then the case gets its number, becomes `submitted`, its workflow starts, and the audit
 * entry and the outbox event are written. Shared by the applicant's own submit and a bundle's
 * submission, which files several drafts in one transaction.
 */
async function fileCase(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  draft: ApplicationRow,
  item: ServiceItem,
  formData: FormData,
  locale: Locale,
  issuedInBundle: readonly string[] = [],
) {
  const { id } = draft;
  const { materials, deferred, variables } = await checkComplete(
    tx,
    item,
    id,
    formData,
    locale,
    issuedInBundle,
  );
  // 免证办: an e-licence attached earlier must still verify now, in this transaction.
  const licences = await reverifyLicences(ctx, tx, draft, item, materials);
  const now = ctx.now();
  await insertHistory(tx, {
    id: uuidv7(),
    application_id: id,
    kind: 'submitted',
    at: now,
    actor_id: actor.accountId,
    actor_name: stepActorName(actor, draft),
    note: null,
  });
  // Only once every check passed: a number is never given back, even by a rollback.
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
    // Gateways read fields by their dictionary key, decision tables by section (instant.ts).
    variables: caseVariables(formData, variables),
    // Only a process with a decision table pays the profile lookup.
    ruleFacts: () => applicantFacts(tx, draft.applicant_id, formData, now),
    dataSubjectId: draft.applicant_id,
    title: {
      caseNumber,
      itemNameZh: item.nameZh,
      itemNameEn: item.nameEn,
      applicantName: draft.applicant_name,
    },
    dueInWorkingDays: item.promisedDays,
    statutoryWorkingDays: item.statutoryDays,
  });
  // Instant approval (秒批秒办): the decision table approved the case as its workflow started.
  const instant = approvedAtStart(started.view);
  const changes = {
    status: instant ? ('approved' as const) : ('submitted' as const),
    case_number: caseNumber,
    instance_id: started.instanceId,
    due_at: new Date(started.dueAt),
    submitted_at: now,
    ...(instant ? { decided_at: new Date(started.view.endedAt ?? now) } : {}),
  };
  await updateApplication(tx, id, changes, now);
  if (instant) {
    await ctx.outbox.enqueue(tx, 'application.statusChanged', {
      caseId: id,
      caseNumber,
      applicantId: draft.applicant_id,
      from: 'submitted',
      to: 'approved',
    });
  }
  await ctx.outbox.enqueue(tx, 'application.submitted', {
    caseId: id,
    caseNumber,
    applicantId: draft.applicant_id,
    itemId: item.id,
    formData,
  });
  await appendAudit(tx, {
    ...auditActor(actor),
    action: 'application.submit',
    subjectType: 'application',
    subjectId: id,
    personalData: true,
    details: {
      caseNumber,
      instanceId: started.instanceId,
      deferredMaterials: deferred,
      ...(licences.length ? { licences } : {}),
      ...(instant ? { decidedBy: 'rules' } : {}),
      ...(draft.bundle_id ? { bundleId: draft.bundle_id, issuedInBundle } : {}),
      ...onBehalfDetails(actor, draft),
    },
  });
  await tellApplicantFiledForThem(tx, actor, draft, caseNumber);
  return { row: { ...draft, ...changes, updated_at: now }, item, materials, instance: started.view };
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
    const draft = await assertMayAct(ctx, tx, actor, await lockApplication(tx, id));
    if (draft.status !== 'draft') throw new AppError('APPLICATION_NOT_DRAFT');
    const item = await requireItem(tx, draft.item_id);
    return fileCase(ctx, tx, actor, draft, item, openForm(ctx.config, draft.form_data_enc), locale);
  });
  return (await composeView(ctx, ctx.db, done.row, done)).view;
}

/** A material already stored (by SHA-256) to bind to a case filed by a bundle. */
export interface PreparedMaterial {
  materialCode: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  uploadedBy: string;
  uploadedAt: Date;
}

/**
 * Files one case of a bundle (一件事) inside the bundle's transaction: a draft with the item's
 * share of the answers and the materials its checklist names, then exactly what the applicant's
 * own submit does (`fileCase`). Any failure throws and the caller's transaction undoes it all.
 */
export async function submitPrepared(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  input: {
    serviceId: string;
    formData: FormData;
    materials: PreparedMaterial[];
    bundle: { id: string; number: string };
    /** Documents another chosen item of the bundle issues: not asked for (see checkComplete). */
    issuedInBundle: string[];
  },
  locale: Locale,
): Promise<{ caseId: string; caseNumber: string }> {
  const item = await requireItem(tx, input.serviceId);
  const draft = await insertDraft(ctx, tx, actor, {
    item,
    formData: input.formData,
    bundle: input.bundle,
  });
  const wanted = new Set(item.materials.map((m) => m.code));
  await insertMaterials(
    tx,
    input.materials
      .filter((m) => wanted.has(m.materialCode))
      .map((m) => ({
        id: uuidv7(),
        application_id: draft.id,
        material_code: m.materialCode,
        file_name: m.fileName,
        sha256: m.sha256,
        size_bytes: m.sizeBytes,
        mime_type: m.mimeType,
        uploaded_by: m.uploadedBy,
        uploaded_at: m.uploadedAt,
      })),
  );
  const { row } = await fileCase(ctx, tx, actor, draft, item, input.formData, locale, input.issuedInBundle);
  return { caseId: row.id, caseNumber: row.case_number as string };
}

/**
 * Withdraws a locked case that has no final decision yet, terminating its workflow instance, in
 * the caller's transaction. False (and nothing written) when the decision is already made.
 */
async function withdrawLocked(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  current: ApplicationRow,
  reason: string,
): Promise<boolean> {
  const { id } = current;
  if (FINAL.has(current.status)) return false;
  if (current.instance_id) {
    // The decision may be made but its event not yet applied here: the workflow is the truth.
    const instance = await getInstanceView(tx, current.instance_id);
    if (instance.status === 'completed' || instance.status === 'terminated') return false;
    await terminateInstance(tx, current.instance_id, `withdrawn by the applicant: ${reason}`);
  }
  const now = ctx.now();
  await updateApplication(
    tx,
    id,
    { status: 'withdrawn', withdrawn_at: now, withdraw_reason: reason, supplement: null },
    now,
  );
  await closeOpenDeferral(tx, id, now);
  await insertHistory(tx, {
    id: uuidv7(),
    application_id: id,
    kind: 'withdrawn',
    at: now,
    actor_id: actor.accountId,
    actor_name: stepActorName(actor, current),
    note: reason,
  });
  await ctx.outbox.enqueue(tx, 'application.withdrawn', {
    caseId: id,
    caseNumber: current.case_number,
    applicantId: current.applicant_id,
    reason,
  });
  await appendAudit(tx, {
    ...auditActor(actor),
    action: 'application.withdraw',
    subjectType: 'application',
    subjectId: id,
    details: { caseNumber: current.case_number, from: current.status, ...onBehalfDetails(actor, current) },
  });
  return true;
}

/** Withdraws an application that has no final decision yet; its workflow instance is terminated. */
export async function withdrawApplication(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<ApplicationView> {
  const row = await inTransaction(ctx.db, async (tx) => {
    const current = await assertMayAct(ctx, tx, actor, await lockApplication(tx, id));
    if (!(await withdrawLocked(ctx, tx, actor, current, reason))) {
      throw new AppError('APPLICATION_NOT_WITHDRAWABLE');
    }
    return (await findApplication(tx, id)) as ApplicationRow;
  });
  return view(ctx, ctx.db, row);
}

/**
 * Withdraws one of the applicant's cases inside the caller's transaction (a bundle withdrawing its
 * open cases); false when the case is already decided or withdrawn.
 */
export async function withdrawOpenCase(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  id: string,
  reason: string,
): Promise<boolean> {
  return withdrawLocked(ctx, tx, actor, assertOwner(actor, await lockApplication(tx, id)), reason);
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
    const current = await assertMayAct(ctx, tx, actor, await lockApplication(tx, id));
    if (current.status !== 'returned' || !current.instance_id || !current.case_number) {
      throw new AppError('APPLICATION_NOT_RETURNED');
    }
    const item = await requireItem(tx, current.item_id);
    const { variables, materials } = await checkComplete(tx, item, id, formData, locale);
    await reverifyLicences(ctx, tx, current, item, materials);
    const now = ctx.now();
    // Only what the return named may change; the diff is kept for the officer (补正 round).
    await settleSupplement(ctx, tx, actor, current, formData);
    await resumeAfterSupplement(tx, current.instance_id, {
      ...caseVariables(formData, variables),
      // Keeps what the account vouches for next to the new answers, as at start.
      ...(await applicantFacts(tx, current.applicant_id, formData, now)),
    });
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
      actor_name: stepActorName(actor, current),
      note: null,
    });
    await ctx.outbox.enqueue(tx, 'application.supplemented', {
      caseId: id,
      caseNumber: current.case_number,
      applicantId: current.applicant_id,
      itemId: item.id,
      formData,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.resubmit',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      details: { caseNumber: current.case_number, ...onBehalfDetails(actor, current) },
    });
    return (await findApplication(tx, id)) as ApplicationRow;
  });
  return view(ctx, ctx.db, row);
}
