import type {
  ApplicationView,
  BundleCaseSummary,
  BundleCaseView,
  BundleChecklistEntry,
  BundleChild,
  BundleNextStep,
  TimelineEntry,
} from '@tongban/contracts';
import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { applicantCaseViews, openForm } from '../applications/index.ts';
import {
  type BundleDefinition,
  type BundleEntry,
  getBundle,
  mergeBundleMaterials,
} from '../catalogue/index.ts';
import { type Department, listDepartments } from '../org/index.ts';
import { CASE_FINAL, REFUSED } from './bundles.policy.ts';
import {
  type BundleCaseRow,
  type ChildRow,
  listChildren,
  listMaterials,
  type MaterialRow,
} from './bundles.repository.ts';

const iso = (v: Date | null): string | null => (v ? v.toISOString() : null);

/** The chosen items of a bundle case as catalogue entries, in the bundle's order. */
export function chosenEntries(def: BundleDefinition | undefined, row: BundleCaseRow): BundleEntry[] {
  const chosen = new Set(row.items);
  return (def?.items ?? []).filter((e) => chosen.has(e.item.code));
}

export function summaryOf(row: BundleCaseRow, def: BundleDefinition | undefined): BundleCaseSummary {
  const entries = new Map((def?.items ?? []).map((e) => [e.item.code, e]));
  return {
    id: row.id,
    bundleNumber: row.bundle_number,
    status: row.status,
    bundle: { code: row.bundle_code, nameZh: row.bundle_name_zh, nameEn: row.bundle_name_en },
    items: row.items.map((code) => {
      const e = entries.get(code);
      return {
        code,
        nameZh: e?.item.nameZh ?? code,
        nameEn: e?.item.nameEn ?? code,
        required: e?.required ?? true,
      };
    }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    submittedAt: iso(row.submitted_at),
    finishedAt: iso(row.finished_at),
  };
}

export function presentMaterial(m: MaterialRow) {
  return {
    id: m.id,
    materialCode: m.material_code,
    fileName: m.file_name,
    sizeBytes: m.size_bytes,
    mimeType: m.mime_type,
    sha256: m.sha256,
    uploadedAt: m.uploaded_at.toISOString(),
  };
}

/** The chosen items' materials, each code once, and whether it was uploaded. */
export function checklistOf(entries: BundleEntry[], materials: MaterialRow[]): BundleChecklistEntry[] {
  const provided = new Set(materials.map((m) => m.material_code));
  return mergeBundleMaterials(
    entries.map((e) => ({
      code: e.item.code,
      issuesMaterials: e.issuesMaterials,
      materials: e.item.materials,
    })),
  ).map((m) => ({
    code: m.code,
    nameZh: m.nameZh,
    nameEn: m.nameEn,
    critical: m.critical,
    required: m.required,
    provided: provided.has(m.code),
    items: m.items,
    issuedBy: m.issuedBy,
  }));
}

const OPEN_STEP = new Set(['open', 'claimed']);

function childOf(
  child: ChildRow,
  view: ApplicationView | undefined,
  entry: BundleEntry | undefined,
  departments: Map<string, Department>,
): BundleChild {
  const dept = entry ? departments.get(entry.item.departmentId) : undefined;
  const timeline = view?.timeline ?? [];
  const current = timeline.filter((e) => e.kind === 'step' && OPEN_STEP.has(e.status));
  const finished = timeline.filter((e) => !current.includes(e));
  return {
    caseId: child.case_id,
    caseNumber: view?.caseNumber ?? null,
    service: view?.service ?? {
      id: child.item_id,
      code: child.item_code,
      nameZh: entry?.item.nameZh ?? child.item_code,
      nameEn: entry?.item.nameEn ?? child.item_code,
    },
    required: child.required,
    departmentCode: dept?.code ?? entry?.item.departmentCode ?? '',
    departmentNameZh: dept?.nameZh ?? '',
    departmentNameEn: dept?.nameEn ?? '',
    status: view?.status ?? child.status,
    progress: view?.progress ?? { completed: 0, total: 0, percent: 0 },
    dueAt: view?.dueAt ?? null,
    decidedAt: view?.decidedAt ?? null,
    current,
    last: finished.at(-1) ?? null,
  };
}

/** The officer's note on the step that refused the case. */
function rejectionNote(timeline: TimelineEntry[]): string | null {
  return timeline.findLast((e) => e.kind === 'step' && e.outcome === 'reject')?.note ?? null;
}

/**
 * What the applicant can do about the cases that did not go through: a refused or revoked case
 * (or one withdrawn on its own) can be applied for again alone; a returned or suspended one needs
 * the department's supplement.
 */
function nextStepsOf(row: BundleCaseRow, children: BundleChild[], views: Map<string, ApplicationView>) {
  const steps: BundleNextStep[] = [];
  for (const c of children) {
    const view = views.get(c.caseId);
    const base = {
      caseId: c.caseId,
      service: c.service,
      required: c.required,
      departmentNameZh: c.departmentNameZh,
      departmentNameEn: c.departmentNameEn,
    };
    if (REFUSED.has(c.status)) {
      steps.push({ kind: 'apply_again', ...base, reason: rejectionNote(view?.timeline ?? []) });
    } else if (c.status === 'withdrawn' && !row.withdrawn_at) {
      steps.push({ kind: 'apply_again', ...base, reason: view?.withdrawReason ?? null });
    } else if (c.status === 'returned' || c.status === 'suspended') {
      steps.push({ kind: 'supplement', ...base, reason: view?.supplement?.note ?? null });
    }
  }
  return steps;
}

/** The whole bundle case as its applicant sees it: answers, materials, and each department's case. */
export async function composeBundleView(
  ctx: PlatformContext,
  db: Db,
  row: BundleCaseRow,
  known: { def?: BundleDefinition } = {},
): Promise<BundleCaseView> {
  const def = known.def ?? (await getBundle(db, row.bundle_code));
  const entries = chosenEntries(def, row);
  const [materials, childRows, departments] = await Promise.all([
    listMaterials(db, row.id),
    listChildren(db, row.id),
    listDepartments(db).then((all) => new Map(all.map((d) => [d.id, d]))),
  ]);
  const views = new Map(
    (
      await applicantCaseViews(
        ctx,
        row.applicant_id,
        childRows.map((c) => c.case_id),
      )
    ).map((v) => [v.id, v]),
  );
  const byCode = new Map(entries.map((e) => [e.item.code, e]));
  const children = childRows.map((c) =>
    childOf(c, views.get(c.case_id), byCode.get(c.item_code), departments),
  );
  const percent = children.length
    ? Math.round(children.reduce((sum, c) => sum + c.progress.percent, 0) / children.length)
    : 0;
  return {
    ...summaryOf(row, def),
    formData: openForm(ctx.config, row.form_data_enc),
    materials: materials.map(presentMaterial),
    checklist: checklistOf(entries, materials),
    progress: {
      completed: children.filter((c) => CASE_FINAL.has(c.status)).length,
      total: children.length,
      percent,
    },
    children,
    nextSteps: nextStepsOf(row, children, views),
    withdrawReason: row.withdraw_reason,
  };
}
