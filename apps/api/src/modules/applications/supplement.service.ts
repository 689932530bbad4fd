// 补正: the officer returns a case naming the fields and materials that must change (each return is a
// numbered round); the applicant changes exactly those and resubmits; the round keeps the diff the
// officer reviews. The officer may also take a return back before the applicant resubmits.
import type { CaseView, ReturnForSupplementBody, SupplementRound } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { formVariables, getItemForm } from '../forms/index.ts';
import { completeTask, resumeAfterSupplement } from '../workflow/index.ts';
import {
  type ApplicationRow,
  deleteMaterial,
  insertHistory,
  insertMaterials,
  listMaterials,
  type MaterialRow,
  updateApplication,
} from './applications.repository.ts';
import { auditActor, type FormData, requireItem } from './applications.service.ts';
import { lockCaseForOfficer, officerTask } from './case-tasks.ts';
import { readCase } from './cases.service.ts';
import { lockOpenDeferral } from './deferral.repository.ts';
import { closeGapIfSupplied } from './deferral.service.ts';
import { openForm, sealForm } from './form-seal.ts';
import { closeRound, findOpenRound, insertRound, type MaterialSnapshot } from './supplement.repository.ts';
import { allowsChange } from './supplement.rules.ts';

export type RoundDiff = NonNullable<SupplementRound['diff']>;

const escapePointer = (k: string) => k.replaceAll('~', '~0').replaceAll('/', '~1');

/** Every answer of a form by JSON pointer: objects are walked, anything else (lists too) is one value. */
function leaves(value: unknown, pointer = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, `${pointer}/${escapePointer(k)}`, out);
  } else if (pointer) {
    out.set(pointer, value);
  }
  return out;
}

// An answer left empty, cleared or never given reads the same to the officer (forms send either).
const blank = (v: unknown) => v === undefined || v === null || v === '';
const same = (a: unknown, b: unknown) => (blank(a) && blank(b)) || JSON.stringify(a) === JSON.stringify(b);

/** A named pointer covers itself and everything under it (a field whose value is an object). */
const covers = (named: string[], pointer: string) =>
  named.some((p) => pointer === p || pointer.startsWith(`${p}/`));

/** The answers that differ between two versions of a form, in pointer order. */
export function formDiff(
  before: FormData,
  after: FormData,
): { pointer: string; before: unknown; after: unknown }[] {
  const a = leaves(before);
  const b = leaves(after);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((p) => !same(a.get(p), b.get(p)))
    .sort()
    .map((pointer) => ({ pointer, before: a.get(pointer) ?? null, after: b.get(pointer) ?? null }));
}

function snapshot(materials: MaterialRow[]): MaterialSnapshot[] {
  return materials.map((m) => ({
    id: m.id,
    materialCode: m.material_code,
    fileName: m.file_name,
    sha256: m.sha256,
    sizeBytes: m.size_bytes,
    mimeType: m.mime_type,
    uploadedBy: m.uploaded_by,
    uploadedAt: m.uploaded_at.toISOString(),
  }));
}

/** Per material code: the files the applicant removed and added since the return. */
function materialDiff(
  before: MaterialSnapshot[],
  after: MaterialRow[],
  named: string[],
): RoundDiff['materials'] {
  const kept = new Set(after.map((m) => m.id));
  const had = new Set(before.map((m) => m.id));
  const codes = [...new Set([...before.map((m) => m.materialCode), ...after.map((m) => m.material_code)])];
  return codes
    .map((code) => ({
      code,
      requested: named.includes(code),
      removed: before
        .filter((m) => m.materialCode === code && !kept.has(m.id))
        .map((m) => ({ fileName: m.fileName, sha256: m.sha256 })),
      added: after
        .filter((m) => m.material_code === code && !had.has(m.id))
        .map((m) => ({ fileName: m.file_name, sha256: m.sha256 })),
    }))
    .filter((d) => d.removed.length || d.added.length);
}

/**
 * Opens the case's next supplement round in the caller's transaction (which holds the case row):
 * what is asked, and the answers and files as they are now, for the diff and for a withdrawal.
 */
export async function openRound(
  tx: Db,
  row: ApplicationRow,
  input: {
    taskId: string | null;
    taskRole: string | null;
    departmentId: string;
    actor: { id: string; name: string } | null;
    note: string;
    fields: string[];
    materials: string[];
    at: Date;
  },
): Promise<number> {
  return insertRound(tx, {
    id: uuidv7(),
    application_id: row.id,
    task_id: input.taskId,
    task_role: input.taskRole,
    department_id: input.departmentId,
    requested_by: input.actor?.id ?? null,
    requested_by_name: input.actor?.name ?? null,
    requested_at: input.at,
    note: input.note,
    fields: input.fields,
    materials: input.materials,
    form_before_enc: row.form_data_enc,
    materials_before: snapshot(await listMaterials(tx, row.id)),
    state: 'open',
    resubmitted_at: null,
    diff_enc: null,
    withdrawn_at: null,
    withdrawn_by: null,
    withdrawn_by_name: null,
    withdraw_reason: null,
  });
}

/**
 * Returns the case for supplement naming what must change, in one transaction: the officer's open
 * step is returned (the workflow waits for the applicant), the round is opened, the case is
 * `returned`. Fields are JSON pointers checked against the item's form, materials codes of its
 * checklist; at least one field, material or a note. Without a note the step's note lists them.
 */
export async function returnForSupplement(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  body: ReturnForSupplementBody,
): Promise<CaseView> {
  const fields = body.fields ?? [];
  const materials = body.materials ?? [];
  const given = body.note?.trim() ?? '';
  if (!fields.length && !materials.length && !given) throw new AppError('SUPPLEMENT_REQUEST_EMPTY');
  await inTransaction(ctx.db, async (tx) => {
    const row = await lockCaseForOfficer(tx, actor, id);
    const item = await requireItem(tx, row.item_id);
    const form = await getItemForm(tx, item.id, 'zh-CN');
    const known = new Map(form.fields.map((f) => [f.pointer, f.labelZh]));
    const unknown = fields.filter((p) => !known.has(p));
    if (unknown.length) {
      throw new AppError(
        'SUPPLEMENT_FIELD_UNKNOWN',
        unknown.map((pointer) => ({
          pointer,
          code: 'unknown_field',
          message: `${pointer} is not on the form`,
        })),
      );
    }
    const off = materials.filter((code) => !item.materials.some((m) => m.code === code));
    if (off.length)
      throw new AppError(
        'APPLICATION_MATERIAL_UNKNOWN',
        off.map((code) => ({ code })),
        { code: off.join(', ') },
      );
    const task = await officerTask(tx, actor, row.instance_id, () => true, 'CASE_TASK_NOT_OPEN');
    const note =
      given ||
      [
        fields.length ? `请修改：${fields.map((p) => known.get(p)).join('、')}` : '',
        materials.length
          ? `请补交：${materials.map((c) => item.materials.find((m) => m.code === c)?.nameZh).join('、')}`
          : '',
      ]
        .filter(Boolean)
        .join('；');
    const now = ctx.now();
    await completeTask(tx, actor, task.taskId, { outcome: 'return', note }, now);
    const round = await openRound(tx, row, {
      taskId: task.taskId,
      taskRole: task.role,
      departmentId: task.departmentId,
      actor: { id: actor.accountId, name: actor.name },
      note,
      fields,
      materials,
      at: now,
    });
    // The return event that follows finds the case already returned and leaves it.
    await updateApplication(
      tx,
      id,
      {
        status: 'returned',
        supplement: {
          note,
          requestedAt: now.toISOString(),
          departmentId: task.departmentId,
          fields,
          materials,
          round,
        },
      },
      now,
    );
    await ctx.outbox.enqueue(tx, 'application.statusChanged', {
      caseId: id,
      caseNumber: row.case_number,
      applicantId: row.applicant_id,
      from: row.status,
      to: 'returned',
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'case.returnForSupplement',
      subjectType: 'application',
      subjectId: id,
      details: { caseNumber: row.case_number, taskId: task.taskId, round, fields, materials },
    });
  });
  return readCase(ctx, actor, id);
}

/**
 * The officer takes a return back before the applicant resubmitted: the case is exactly as it was
 * returned (answers and files the applicant changed meanwhile are put back), the returned step opens
 * again, the round is `withdrawn`. Officers of the returning department holding the step's role (or
 * its head) may; of an applicant's resubmission and a withdrawal racing, the first to lock the case
 * wins and the other is refused.
 */
export async function withdrawReturn(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<CaseView> {
  await inTransaction(ctx.db, async (tx) => {
    const row = await lockCaseForOfficer(tx, actor, id);
    const round = await findOpenRound(tx, id);
    if (row.status !== 'returned' || !round) throw new AppError('SUPPLEMENT_NOT_OPEN');
    const allowed = actor.roles.some(
      (r) =>
        r.departmentId === round.department_id &&
        (r.role === 'dept_head' || round.task_role === null || r.role === round.task_role),
    );
    if (!allowed) throw new AppError('FORBIDDEN');
    const now = ctx.now();
    const current = await listMaterials(tx, id);
    const before = new Set(round.materials_before.map((m) => m.id));
    for (const m of current) if (!before.has(m.id)) await deleteMaterial(tx, id, m.id);
    const present = new Set(current.map((m) => m.id));
    await insertMaterials(
      tx,
      round.materials_before
        .filter((m) => !present.has(m.id))
        .map((m) => ({
          id: m.id,
          application_id: id,
          material_code: m.materialCode,
          file_name: m.fileName,
          sha256: m.sha256,
          size_bytes: m.sizeBytes,
          mime_type: m.mimeType,
          uploaded_by: m.uploadedBy,
          uploaded_at: new Date(m.uploadedAt),
        })),
    );
    const formBefore = openForm(ctx.config, round.form_before_enc);
    await resumeAfterSupplement(tx, row.instance_id, await formVariables(tx, row.item_id, formBefore));
    const status = row.accepted_at ? 'in_review' : 'submitted';
    await updateApplication(tx, id, { status, form_data_enc: round.form_before_enc, supplement: null }, now);
    await closeRound(tx, round.id, {
      state: 'withdrawn',
      withdrawn_at: now,
      withdrawn_by: actor.accountId,
      withdrawn_by_name: actor.name,
      withdraw_reason: reason,
    });
    await insertHistory(tx, {
      id: uuidv7(),
      application_id: id,
      kind: 'return_withdrawn',
      at: now,
      actor_id: actor.accountId,
      actor_name: actor.name,
      note: reason,
    });
    await ctx.outbox.enqueue(tx, 'application.statusChanged', {
      caseId: id,
      caseNumber: row.case_number,
      applicantId: row.applicant_id,
      from: 'returned',
      to: status,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'case.withdrawReturn',
      subjectType: 'application',
      subjectId: id,
      details: { caseNumber: row.case_number, round: round.round, reason },
    });
  });
  return readCase(ctx, actor, id);
}

/**
 * The resubmission's side of the round, in its transaction (which holds the case row): only the
 * named fields may differ from the answers as returned; the diff of answers and files is stored for
 * the officer and the round closed; materials the case owes and now has close that gap too.
 */
export async function settleSupplement(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  row: ApplicationRow,
  formData: FormData,
): Promise<void> {
  const now = ctx.now();
  const round = await findOpenRound(tx, row.id);
  if (round) {
    const fields = formDiff(openForm(ctx.config, round.form_before_enc), formData);
    if (!allowsChange(round)) {
      const off = fields.filter((f) => !covers(round.fields, f.pointer));
      if (off.length) {
        throw new AppError(
          'SUPPLEMENT_FIELD_NOT_REQUESTED',
          off.map((f) => ({ pointer: f.pointer, code: 'not_requested', message: 'not named in the return' })),
        );
      }
    }
    const diff: RoundDiff = {
      fields: fields.map((f) => ({ ...f, requested: covers(round.fields, f.pointer) })),
      materials: materialDiff(round.materials_before, await listMaterials(tx, row.id), round.materials),
    };
    await closeRound(tx, round.id, {
      state: 'resubmitted',
      resubmitted_at: now,
      diff_enc: sealForm(ctx.config, diff as unknown as Record<string, unknown>),
    });
  }
  const owed = await lockOpenDeferral(tx, row.id);
  if (owed) await closeGapIfSupplied(ctx, tx, row, owed, actor);
}
