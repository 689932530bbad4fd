// Submitting a bundle (one case per chosen item, in ONE transaction), withdrawing it, and the
// bundle's outcome following its cases.
import type { ApplicationStatus, BundleCaseStatus, BundleCaseView, Locale } from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import {
  caseStatuses,
  caseYear,
  openForm,
  type PreparedMaterial,
  submitPrepared,
  withdrawOpenCase,
} from '../applications/index.ts';
import { appendAudit } from '../audit/index.ts';
import { type BundleEntry, chooseBundleItems } from '../catalogue/index.ts';
import { checkBundleData, formPartsOf } from '../forms/index.ts';
import { getDepartment } from '../org/index.ts';
import {
  assertAudience,
  assertDraft,
  assertOwner,
  BUNDLE_FINAL,
  CASE_FINAL,
  deriveStatus,
} from './bundles.policy.ts';
import {
  type BundleCaseRow,
  type ChildRow,
  findBundleCase,
  findChildByCase,
  insertChildren,
  listChildren,
  listMaterials,
  lockBundleCase,
  lockBundleCaseNowait,
  nextBundleSequence,
  updateBundleCase,
  updateChildStatus,
} from './bundles.repository.ts';
import { auditActor, requireBundle } from './bundles.service.ts';
import { checklistOf, composeBundleView } from './bundles.view.ts';

/** Bundle numbers are for people: `<region>-<year>-B<6 digits>`, a series of their own beside case numbers. */
export function formatBundleNumber(regionCode: string, year: number, sequence: number): string {
  return `${regionCode}-${year}-B${String(sequence).padStart(6, '0')}`;
}

/** Documents issued by chosen items other than `entry` (the business licence for tax registration). */
function issuedByOthers(entries: BundleEntry[], entry: BundleEntry): string[] {
  return entries.filter((e) => e !== entry).flatMap((e) => e.issuesMaterials);
}

/**
 * Submits a bundle draft. In ONE transaction: the draft is locked, the combined answers are
 * checked with the combined schema (every field error at once) and the merged checklist (every
 * missing critical material at once); the bundle gets its number; each chosen item becomes a case
 * of its own department through the applications module's own filing (`submitPrepared`: its
 * share of the answers, the materials its checklist names, its case number, its workflow); the
 * bundle's status follows from them. Any failure — a check or one department's case — undoes it all.
 */
export async function submitBundleCase(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  locale: Locale,
): Promise<BundleCaseView> {
  const { row, def } = await inTransaction(ctx.db, async (tx) => {
    const draft = assertDraft(assertOwner(actor, await lockBundleCase(tx, id)));
    const def = await requireBundle(tx, draft.bundle_code);
    assertAudience(actor, def.audience);
    const entries = chooseBundleItems(def, draft.items);
    const parts = formPartsOf(entries);
    const { errors, itemData } = await checkBundleData(
      tx,
      parts,
      openForm(ctx.config, draft.form_data_enc),
      locale,
    );
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
    const materials = await listMaterials(tx, id);
    const missing = checklistOf(entries, materials).filter((c) => c.critical && !c.provided);
    if (missing.length) {
      throw new AppError(
        'MATERIALS_MISSING',
        missing.map((m) => ({ code: m.code, nameZh: m.nameZh, nameEn: m.nameEn, items: m.items })),
      );
    }

    // The bundle belongs to the region of its first required item's department.
    const lead = entries.find((e) => e.required) ?? entries[0]!;
    const dept = await getDepartment(tx, lead.item.departmentId);
    if (!dept)
      throw new Error(`bundle ${def.code}: item ${lead.item.code} names a department that does not exist`);
    const now = ctx.now();
    const year = caseYear(now);
    const bundleNumber = formatBundleNumber(
      dept.regionCode,
      year,
      await nextBundleSequence(tx, dept.regionCode, year),
    );

    const prepared: PreparedMaterial[] = materials.map((m) => ({
      materialCode: m.material_code,
      fileName: m.file_name,
      sha256: m.sha256,
      sizeBytes: m.size_bytes,
      mimeType: m.mime_type,
      uploadedBy: m.uploaded_by,
      uploadedAt: m.uploaded_at,
    }));
    const filed: { entry: BundleEntry; caseId: string; caseNumber: string }[] = [];
    for (const entry of entries) {
      const { caseId, caseNumber } = await submitPrepared(
        ctx,
        tx,
        actor,
        {
          serviceId: entry.item.id,
          formData: itemData[entry.item.code] ?? {},
          materials: prepared,
          bundle: { id, number: bundleNumber },
          issuedInBundle: issuedByOthers(entries, entry),
        },
        locale,
      );
      filed.push({ entry, caseId, caseNumber });
    }
    // A case may be decided the moment it is filed (instant approval), so the status is read back.
    const statuses = await caseStatuses(
      tx,
      filed.map((f) => f.caseId),
    );
    const children: ChildRow[] = filed.map((f, position) => ({
      bundle_case_id: id,
      item_code: f.entry.item.code,
      item_id: f.entry.item.id,
      case_id: f.caseId,
      required: f.entry.required,
      position,
      status: statuses.get(f.caseId) ?? 'submitted',
      updated_at: now,
    }));
    await insertChildren(tx, children);
    const status = deriveStatus(children);
    await updateBundleCase(
      tx,
      id,
      {
        status,
        bundle_number: bundleNumber,
        region_code: dept.regionCode,
        submitted_at: now,
        finished_at: BUNDLE_FINAL.has(status) ? now : null,
      },
      now,
    );
    await ctx.outbox.enqueue(tx, 'bundle.submitted', {
      bundleCaseId: id,
      bundleNumber,
      applicantId: actor.accountId,
      caseIds: filed.map((f) => f.caseId),
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'bundle.submit',
      subjectType: 'bundle_case',
      subjectId: id,
      personalData: true,
      details: {
        bundleNumber,
        status,
        cases: filed.map((f) => ({
          itemCode: f.entry.item.code,
          caseId: f.caseId,
          caseNumber: f.caseNumber,
        })),
      },
    });
    return { row: (await findBundleCase(tx, id)) as BundleCaseRow, def };
  });
  return composeBundleView(ctx, ctx.db, row, { def });
}

/**
 * Reads the current status of each of the bundle's cases, keeps it, and moves the bundle's own
 * status when the cases say so (event + audit). Idempotent: reading the truth again changes nothing.
 */
async function refreshStatus(
  ctx: PlatformContext,
  tx: Db,
  row: BundleCaseRow,
  actor: Actor | null,
): Promise<BundleCaseStatus> {
  const children = await listChildren(tx, row.id);
  const statuses = await caseStatuses(
    tx,
    children.map((c) => c.case_id),
  );
  const now = ctx.now();
  const current = children.map((c) => ({
    ...c,
    status: (statuses.get(c.case_id) ?? c.status) as ApplicationStatus,
  }));
  for (const c of current) {
    if (c.status !== children.find((o) => o.case_id === c.case_id)?.status) {
      await updateChildStatus(tx, c.case_id, c.status, now);
    }
  }
  const to = deriveStatus(current);
  if (to === row.status) return to;
  await updateBundleCase(tx, row.id, { status: to, finished_at: BUNDLE_FINAL.has(to) ? now : null }, now);
  await ctx.outbox.enqueue(tx, 'bundle.statusChanged', {
    bundleCaseId: row.id,
    bundleNumber: row.bundle_number,
    applicantId: row.applicant_id,
    from: row.status,
    to,
  });
  await appendAudit(tx, {
    actorId: actor?.accountId ?? null,
    actorKind: actor?.kind ?? 'system',
    action: 'bundle.status',
    subjectType: 'bundle_case',
    subjectId: row.id,
    details: { bundleNumber: row.bundle_number, from: row.status, to },
  });
  return to;
}

/**
 * Follows one of a bundle's cases (handler of `application.statusChanged` and
 * `application.withdrawn`); cases outside any bundle are ignored.
 */
export async function followCase(ctx: PlatformContext, tx: Db, caseId: string): Promise<void> {
  const child = await findChildByCase(tx, caseId);
  if (!child) return;
  const row = await lockBundleCaseNowait(tx, child.bundle_case_id);
  if (!row || row.status === 'draft') return;
  await refreshStatus(ctx, tx, row, null);
}

/**
 * Withdraws a bundle: in ONE transaction every case still open is withdrawn (its workflow
 * terminated) and the bundle's outcome follows from what is left; decided cases stay decided. A
 * draft is simply withdrawn. Nothing open → BUNDLE_CASE_NOT_WITHDRAWABLE.
 */
export async function withdrawBundleCase(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<BundleCaseView> {
  const row = await inTransaction(ctx.db, async (tx) => {
    const current = assertOwner(actor, await lockBundleCase(tx, id));
    if (BUNDLE_FINAL.has(current.status)) throw new AppError('BUNDLE_CASE_NOT_WITHDRAWABLE');
    const now = ctx.now();
    const withdrawn: string[] = [];
    for (const child of await listChildren(tx, id)) {
      if (CASE_FINAL.has(child.status)) continue;
      if (await withdrawOpenCase(ctx, tx, actor, child.case_id, reason)) withdrawn.push(child.case_id);
    }
    if (current.status !== 'draft' && !withdrawn.length) throw new AppError('BUNDLE_CASE_NOT_WITHDRAWABLE');
    await updateBundleCase(tx, id, { withdrawn_at: now, withdraw_reason: reason }, now);
    const withdrawnRow = { ...current, withdrawn_at: now, withdraw_reason: reason };
    const to =
      current.status === 'draft'
        ? await withdrawDraft(ctx, tx, actor, withdrawnRow)
        : await refreshStatus(ctx, tx, withdrawnRow, actor);
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'bundle.withdraw',
      subjectType: 'bundle_case',
      subjectId: id,
      details: { bundleNumber: current.bundle_number, from: current.status, to, withdrawnCases: withdrawn },
    });
    return (await findBundleCase(tx, id)) as BundleCaseRow;
  });
  return composeBundleView(ctx, ctx.db, row);
}

async function withdrawDraft(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  row: BundleCaseRow,
): Promise<BundleCaseStatus> {
  const now = ctx.now();
  await updateBundleCase(tx, row.id, { status: 'withdrawn', finished_at: now }, now);
  await ctx.outbox.enqueue(tx, 'bundle.statusChanged', {
    bundleCaseId: row.id,
    bundleNumber: null,
    applicantId: actor.accountId,
    from: 'draft',
    to: 'withdrawn',
  });
  return 'withdrawn';
}
