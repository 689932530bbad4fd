// 容缺受理: the front desk accepts a case with non-critical materials missing; the applicant signs a
// commitment, supplies them by a deadline, and the deadline job (deferral.job.ts) reminds and, when
// the deadline passes, applies the item's action.

import type { Readable } from 'node:stream';
import type {
  AcceptWithDeferralBody,
  ApplicationStatus,
  CaseView,
  ErrorCode,
  SignCommitmentBody,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { ServiceItem } from '../catalogue/index.ts';
import { notify } from '../notifications/index.ts';
import { addWorkingDays, completeTask } from '../workflow/index.ts';
import { assertOwner } from './applications.policy.ts';
import {
  type ApplicationRow,
  findApplication,
  insertHistory,
  insertMaterial,
  listMaterials,
  lockApplication,
  type MaterialRow,
  updateApplication,
} from './applications.repository.ts';
import { auditActor, materialRow, requireItem, storeMaterialFile } from './applications.service.ts';
import { presentMaterial } from './applications.view.ts';
import {
  composeCommitment,
  formatDeadline,
  lockCaseForOfficer,
  officerTask,
  sha256Hex,
} from './case-tasks.ts';
import { readCase } from './cases.service.ts';
import {
  CASE_ENDED,
  type DeferralRow,
  insertDeferral,
  latestDeferral,
  lockOpenDeferral,
  OPEN_DEFERRAL,
  updateDeferral,
} from './deferral.repository.ts';

/** The case's material names in both languages, joined for a message. */
export function materialNames(item: ServiceItem | undefined, codes: string[]) {
  const named = codes.map(
    (code) => item?.materials.find((m) => m.code === code) ?? { nameZh: code, nameEn: code },
  );
  return { 'zh-CN': named.map((m) => m.nameZh).join('、'), en: named.map((m) => m.nameEn).join(', ') };
}

/** Refuses, all at once, every code the officer may not defer; each problem has its own code. */
function checkDeferrable(item: ServiceItem, materials: MaterialRow[], codes: string[]): void {
  const provided = new Set(materials.map((m) => m.material_code));
  const entry = (code: string) => item.materials.find((m) => m.code === code);
  const problems: [ErrorCode, (code: string) => boolean][] = [
    ['APPLICATION_MATERIAL_UNKNOWN', (c) => !entry(c)],
    ['DEFERRAL_MATERIAL_CRITICAL', (c) => entry(c)?.critical === true],
    ['DEFERRAL_MATERIAL_NOT_REQUIRED', (c) => entry(c)?.required === false],
    ['DEFERRAL_MATERIAL_PROVIDED', (c) => provided.has(c)],
  ];
  for (const [code, applies] of problems) {
    const bad = codes.filter(applies);
    if (bad.length) {
      throw new AppError(
        code,
        bad.map((c) => ({ pointer: `/materials/${codes.indexOf(c)}`, code: c })),
        { code: bad.join(', '), codes: bad.join(', ') },
      );
    }
  }
}

/**
 * The window officer accepts the case with the named non-critical materials missing (容缺受理), in
 * one transaction: their acceptance step is approved, the case is `accepted` with the materials owed
 * by acceptance + the item's deferral days (working days of the case's region), the commitment is
 * filled in for the applicant to sign, and the applicant is told. Acceptance does not wait for the
 * signature: a case whose applicant never signs reaches its deadline all the same.
 */
export async function acceptWithDeferral(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  body: AcceptWithDeferralBody,
): Promise<CaseView> {
  await inTransaction(ctx.db, async (tx) => {
    const row = await lockCaseForOfficer(tx, actor, id);
    const item = await requireItem(tx, row.item_id);
    if (!item.deferral) throw new AppError('DEFERRAL_NOT_OFFERED');
    const task = await officerTask(
      tx,
      actor,
      row.instance_id,
      (s) => s.stage === 'acceptance',
      'CASE_ACCEPTANCE_NOT_OPEN',
    );
    if (await lockOpenDeferral(tx, id)) throw new AppError('DEFERRAL_ALREADY_OPEN');
    checkDeferrable(item, await listMaterials(tx, id), body.materials);

    const now = ctx.now();
    const note = body.note?.trim() || null;
    await completeTask(tx, actor, task.taskId, { outcome: 'approve', ...(note ? { note } : {}) }, now);
    const { days } = item.deferral;
    const deadline = await addWorkingDays(tx, row.region_code, now, days);
    const before = ctx.config.deferralReminderDays;
    // The end of the working day `before` working days ahead of the deadline's day.
    const remindAt = days > before ? await addWorkingDays(tx, row.region_code, now, days - before) : now;
    const names = body.materials.map((code) => item.materials.find((m) => m.code === code)!);
    const values = (locale: 'zh-CN' | 'en') => ({
      applicant: row.applicant_name,
      item: locale === 'en' ? item.nameEn : item.nameZh,
      caseNumber: row.case_number,
      materials: names.map((m) => (locale === 'en' ? m.nameEn : m.nameZh)),
      deadline,
    });
    const deferral: DeferralRow = {
      id: uuidv7(),
      application_id: id,
      materials: body.materials,
      note,
      department_id: task.departmentId,
      accepted_by: actor.accountId,
      accepted_by_name: actor.name,
      accepted_at: now,
      deadline_at: deadline,
      remind_at: remindAt,
      reminded_at: null,
      on_expired: item.deferral.onExpired,
      state: 'owed',
      expired_at: null,
      supplied_at: null,
      closed_at: null,
      resume_status: null,
      commitment_zh: composeCommitment(item.deferral.commitmentZh, 'zh-CN', values('zh-CN')),
      commitment_en: composeCommitment(item.deferral.commitmentEn, 'en', values('en')),
      signed_locale: null,
      signed_sha256: null,
      signed_at: null,
      signed_by: null,
      signed_session_id: null,
    };
    await insertDeferral(tx, deferral);
    // The acceptance event that follows finds the case already accepted and leaves it.
    await updateApplication(tx, id, { status: 'accepted', accepted_at: now }, now);
    await insertHistory(tx, {
      id: uuidv7(),
      application_id: id,
      kind: 'deferred',
      at: now,
      actor_id: actor.accountId,
      actor_name: actor.name,
      note,
    });
    await ctx.outbox.enqueue(tx, 'application.statusChanged', {
      caseId: id,
      caseNumber: row.case_number,
      applicantId: row.applicant_id,
      from: row.status,
      to: 'accepted',
    });
    await notify(tx, {
      recipientAccountId: row.applicant_id,
      kind: 'application.deferral',
      template: 'application.deferred',
      params: {
        caseNumber: row.case_number,
        materials: materialNames(item, body.materials),
        deadline: { 'zh-CN': formatDeadline(deadline, 'zh-CN'), en: formatDeadline(deadline, 'en') },
      },
      link: `/applications/${id}`,
      subject: { type: 'application', id },
      dedupeKey: `deferral:${deferral.id}:accepted`,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'case.acceptWithDeferral',
      subjectType: 'application',
      subjectId: id,
      details: {
        caseNumber: row.case_number,
        taskId: task.taskId,
        deferralId: deferral.id,
        materials: body.materials,
        deadline: deadline.toISOString(),
        onExpired: deferral.on_expired,
      },
    });
  });
  return readCase(ctx, actor, id);
}

/** The applicant's case locked, with its open deferral (DEFERRAL_NOT_OPEN when it owes nothing). */
async function lockOwed(tx: Db, actor: Actor, id: string) {
  const row = assertOwner(actor, await lockApplication(tx, id));
  const deferral = await lockOpenDeferral(tx, id);
  if (!deferral || CASE_ENDED.has(row.status)) throw new AppError('DEFERRAL_NOT_OPEN');
  return { row, deferral };
}

/**
 * The applicant signs the commitment in the language they read it in. The request names the SHA-256
 * of the text they were shown, so what is recorded is what they read; the signature keeps the time,
 * the language, the hash and the session it was made in.
 */
export async function signCommitment(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  body: SignCommitmentBody,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const { row, deferral } = await lockOwed(tx, actor, id);
    if (deferral.signed_at) throw new AppError('DEFERRAL_ALREADY_SIGNED');
    const sha256 = sha256Hex(body.locale === 'en' ? deferral.commitment_en : deferral.commitment_zh);
    if (sha256 !== body.textSha256) throw new AppError('DEFERRAL_COMMITMENT_CHANGED');
    const now = ctx.now();
    await updateDeferral(tx, deferral.id, {
      signed_locale: body.locale,
      signed_sha256: sha256,
      signed_at: now,
      signed_by: actor.accountId,
      signed_session_id: actor.sessionId,
    });
    await insertHistory(tx, {
      id: uuidv7(),
      application_id: id,
      kind: 'commitment_signed',
      at: now,
      actor_id: actor.accountId,
      actor_name: row.applicant_name,
      note: null,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.commitment.sign',
      subjectType: 'application',
      subjectId: id,
      details: {
        caseNumber: row.case_number,
        deferralId: deferral.id,
        locale: body.locale,
        sha256,
        sessionId: actor.sessionId,
      },
    });
  });
}

/**
 * Closes the gap when every owed material now has a file on the case, in the caller's transaction
 * (which holds the case row and the deferral): the deferral is `supplied`, and a case suspended for
 * it resumes the status the workflow left it in. True when it closed.
 */
export async function closeGapIfSupplied(
  ctx: PlatformContext,
  tx: Db,
  row: ApplicationRow,
  deferral: DeferralRow,
  actor: Actor,
): Promise<boolean> {
  const provided = new Set((await listMaterials(tx, row.id)).map((m) => m.material_code));
  if (!deferral.materials.every((code) => provided.has(code))) return false;
  const now = ctx.now();
  await updateDeferral(tx, deferral.id, { state: 'supplied', supplied_at: now, resume_status: null });
  await insertHistory(tx, {
    id: uuidv7(),
    application_id: row.id,
    kind: 'materials_supplied',
    at: now,
    actor_id: actor.accountId,
    actor_name: row.applicant_name,
    note: null,
  });
  const resumeTo: ApplicationStatus | null = deferral.state === 'suspended' ? deferral.resume_status : null;
  if (resumeTo) {
    await updateApplication(tx, row.id, { status: resumeTo }, now);
    await insertHistory(tx, {
      id: uuidv7(),
      application_id: row.id,
      kind: 'resumed',
      at: now,
      actor_id: null,
      actor_name: null,
      note: null,
    });
    await ctx.outbox.enqueue(tx, 'application.statusChanged', {
      caseId: row.id,
      caseNumber: row.case_number as string,
      applicantId: row.applicant_id,
      from: 'suspended',
      to: resumeTo,
    });
  }
  await appendAudit(tx, {
    ...auditActor(actor),
    action: 'application.deferral.supplied',
    subjectType: 'application',
    subjectId: row.id,
    details: { caseNumber: row.case_number, deferralId: deferral.id, resumed: resumeTo },
  });
  return true;
}

/**
 * The applicant uploads one of the materials the case owes. The bytes are stored first (by hash;
 * nothing refers to them if the rest fails); then, under the case lock, the deferral must still be
 * open — a deadline that passed meanwhile wins, and the upload is refused with nothing bound.
 */
export async function supplyDeferredMaterial(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  upload: { materialCode: string; fileName: string; content: Readable | Buffer },
): Promise<ReturnType<typeof presentMaterial>> {
  const row = assertOwner(actor, await findApplication(ctx.db, id));
  // Refused early when plainly not owed; checked again under the lock below.
  const open = await latestDeferral(ctx.db, id);
  if (!open || !OPEN_DEFERRAL.includes(open.state) || CASE_ENDED.has(row.status)) {
    throw new AppError('DEFERRAL_NOT_OPEN');
  }
  if (!open.materials.includes(upload.materialCode)) {
    throw new AppError('DEFERRAL_MATERIAL_NOT_OWED', undefined, { code: upload.materialCode.slice(0, 64) });
  }
  const item = await requireItem(ctx.db, row.item_id);
  const entry = item.materials.find((m) => m.code === upload.materialCode);
  const stored = await storeMaterialFile(
    ctx,
    upload,
    (entry as { acceptedFormats?: string[] } | undefined)?.acceptedFormats,
  );
  return inTransaction(ctx.db, async (tx) => {
    const { row: current, deferral } = await lockOwed(tx, actor, id);
    if (!deferral.materials.includes(upload.materialCode)) {
      throw new AppError('DEFERRAL_MATERIAL_NOT_OWED', undefined, { code: upload.materialCode.slice(0, 64) });
    }
    const material = materialRow(id, upload.materialCode, upload.fileName, stored, actor, ctx.now());
    await insertMaterial(tx, material);
    await updateApplication(tx, id, {}, ctx.now());
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'application.deferral.upload',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      details: { materialId: material.id, materialCode: material.material_code, sha256: stored.sha256 },
    });
    await closeGapIfSupplied(ctx, tx, current, deferral, actor);
    return presentMaterial(material);
  });
}

/** Ends the open deferral of a case that ended otherwise (withdrawn, rejected): nothing is owed any more. */
export async function closeOpenDeferral(tx: Db, id: string, at: Date): Promise<void> {
  const deferral = await lockOpenDeferral(tx, id);
  if (deferral)
    await updateDeferral(tx, deferral.id, { state: 'closed', closed_at: at, resume_status: null });
}
