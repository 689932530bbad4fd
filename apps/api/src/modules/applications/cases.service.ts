import type { Readable } from 'node:stream';
import type { CaseView } from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { getItemForm } from '../forms/index.ts';
import { departmentsInvolved, type getInstanceView } from '../workflow/index.ts';
import {
  assertInvolved,
  type FieldSensitivity,
  maskedForm,
  seesFullIdentifiers,
} from './applications.policy.ts';
import { type ApplicationRow, findApplication, listMaterials } from './applications.repository.ts';
import { composeView } from './applications.view.ts';
import { supplementRoundsOf } from './case-extras.view.ts';
import { automatedCheckDetails } from './instant.ts';
import { withLicenceStatus } from './licence-materials.service.ts';

/** The case (a submitted application) and the departments working on it, if the officer is one of them. */
export async function involvedCase(ctx: PlatformContext, actor: Actor, id: string) {
  const row = await findApplication(ctx.db, id);
  if (!row?.instance_id) throw new AppError('APPLICATION_NOT_FOUND');
  const involved = await departmentsInvolved(ctx.db, row.instance_id);
  assertInvolved(actor, involved);
  return { row, involved };
}

async function formFields(ctx: PlatformContext, itemId: string): Promise<FieldSensitivity[]> {
  try {
    return (await getItemForm(ctx.db, itemId)).fields;
  } catch {
    // Without the form's field list, masking falls back to field names (ID numbers, phones).
    return [];
  }
}

type Step = Awaited<ReturnType<typeof getInstanceView>>['steps'][number];

function openTaskFor(actor: Actor, steps: Step[]): CaseView['openTask'] {
  const task = steps.find(
    (s) =>
      (s.status === 'open' || (s.status === 'claimed' && s.assigneeId === actor.accountId)) &&
      actor.roles.some((r) => r.role === s.role && r.departmentId === s.departmentId),
  );
  if (!task) return null;
  return {
    taskId: task.taskId,
    key: task.key,
    name: task.name,
    departmentId: task.departmentId,
    role: task.role,
    status: task.status,
    dueAt: task.dueAt ? new Date(task.dueAt).toISOString() : null,
  };
}

/**
 * An officer's view of a case: the form in full only for the front desk and reviewing officers
 * of an involved department, masked for everyone else; every read is a personal-data read in
 * the audit log.
 */
export async function readCase(ctx: PlatformContext, actor: Actor, id: string): Promise<CaseView> {
  const { row, involved } = await involvedCase(ctx, actor, id);
  const { view, instance } = await composeView(ctx, ctx.db, row, { officer: true });
  const masked = !seesFullIdentifiers(actor, involved);
  const fields = masked ? await formFields(ctx, row.item_id) : null;
  const shown = fields ? maskedForm(actor, involved, view.formData, fields) : undefined;
  const formData = shown?.data ?? view.formData;
  const automatedChecks = await automatedCheckDetails(ctx.db, instance);
  await inTransaction(ctx.db, (tx) =>
    appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: 'staff',
      action: 'case.read',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      dataSubjectId: row.applicant_id,
      purpose: 'case.review',
      details: {
        caseNumber: row.case_number,
        masked,
        ...(automatedChecks.length ? { evaluationIds: automatedChecks.map((c) => c.evaluationId) } : {}),
      },
    }),
  );
  return {
    ...view,
    materials: await withLicenceStatus(ctx, row, view.materials),
    formData,
    applicant: { id: row.applicant_id, kind: row.applicant_kind, name: row.applicant_name },
    masked,
    maskedPointers: shown?.maskedPointers ?? [],
    openTask: openTaskFor(actor, instance?.steps ?? []),
    supplementRounds: await supplementRoundsOf(ctx.db, ctx.config, id, fields),
    automatedChecks,
    countersigns: instance?.countersigns ?? [],
    review: instance?.review ?? null,
  };
}

/** Streams one material of a case to an involved officer; the download is audited before it starts. */
export async function openCaseMaterial(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  materialId: string,
): Promise<{ stream: Readable; fileName: string; mimeType: string; sizeBytes: number; row: ApplicationRow }> {
  const { row } = await involvedCase(ctx, actor, id);
  const material = (await listMaterials(ctx.db, id)).find((m) => m.id === materialId);
  // An e-licence (免证办) has no stored file: the case view shows it verified instead.
  if (!material || material.licence_id) throw new AppError('APPLICATION_MATERIAL_NOT_FOUND');
  await inTransaction(ctx.db, (tx) =>
    appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: 'staff',
      action: 'case.material.download',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      dataSubjectId: row.applicant_id,
      purpose: 'case.review',
      details: { caseNumber: row.case_number, materialId, materialCode: material.material_code },
    }),
  );
  return {
    stream: ctx.files.open(material.sha256),
    fileName: material.file_name,
    mimeType: material.mime_type,
    sizeBytes: material.size_bytes,
    row,
  };
}
