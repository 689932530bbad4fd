import type {
  ApplicationSummary,
  ApplicationView,
  ChecklistEntry,
  Progress,
  TimelineEntry,
} from '@tongban/contracts';
import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { getServiceItem, type ServiceItem } from '../catalogue/index.ts';
import { getDepartment } from '../org/index.ts';
import {
  type ClockEvent,
  clockEventsForApplicant,
  clockForApplicant,
  getInstanceView,
} from '../workflow/index.ts';
import type { ApplicationRow, HistoryKind, HistoryRow, MaterialRow } from './applications.repository.ts';
import { listHistory, listMaterials } from './applications.repository.ts';
import { deferralOf } from './case-extras.view.ts';
import { openForm } from './form-seal.ts';
import { automatedChecksFor, automatedEntries, decidedByRules, timelineSteps } from './instant.ts';

type InstanceView = Awaited<ReturnType<typeof getInstanceView>>;
type Step = InstanceView['steps'][number];

const iso = (v: Date | string | null | undefined): string | null =>
  v === null || v === undefined ? null : new Date(v).toISOString();

const OWN_STEPS: Record<HistoryKind, { zh: string; en: string }> = {
  created: { zh: '创建申请', en: 'Application started' },
  submitted: { zh: '提交申请', en: 'Application submitted' },
  resubmitted: { zh: '补正后重新提交', en: 'Resubmitted after supplement' },
  withdrawn: { zh: '撤回申请', en: 'Application withdrawn' },
  deferred: { zh: '容缺受理（待补交材料）', en: 'Accepted with materials to follow' },
  commitment_signed: { zh: '签署容缺承诺书', en: 'Commitment signed' },
  deferral_reminded: { zh: '提醒补交容缺材料', en: 'Reminded of the materials owed' },
  materials_supplied: { zh: '容缺材料已补齐', en: 'Materials owed supplied' },
  suspended: { zh: '逾期未补交材料，办件中止', en: 'Suspended: materials not supplied in time' },
  resumed: { zh: '补齐材料，恢复办理', en: 'Resumed: materials supplied' },
  revoked: { zh: '逾期未补交材料，予以撤销', en: 'Revoked: materials not supplied in time' },
  return_withdrawn: { zh: '撤回退回补正', en: 'Return for supplement withdrawn' },
};

export function summaryOf(row: ApplicationRow): ApplicationSummary {
  return {
    id: row.id,
    caseNumber: row.case_number,
    status: row.status,
    service: { id: row.item_id, code: row.item_code, nameZh: row.item_name_zh, nameEn: row.item_name_en },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    submittedAt: iso(row.submitted_at),
    dueAt: iso(row.due_at),
    bundle: row.bundle_id && row.bundle_number ? { id: row.bundle_id, number: row.bundle_number } : null,
    applicantName: row.applicant_name,
    filedBy: filedByOf(row),
  };
}

/** Who filed the case for its applicant (代办), as the views show it beside the applicant's name. */
function filedByOf(row: ApplicationRow): ApplicationSummary['filedBy'] {
  const f = row.filed_by;
  if (!f) return null;
  return {
    accountId: f.accountId,
    name: f.name,
    authorization: f.authorization,
    authorizationId: f.authorizationId,
    relation: f.relation,
    departmentNameZh: f.departmentNameZh,
    departmentNameEn: f.departmentNameEn,
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
    licence:
      m.licence_id && m.licence && m.licence_verified_at
        ? {
            licenceId: m.licence_id,
            number: m.licence.number,
            typeCode: m.licence.typeCode,
            typeNameZh: m.licence.typeNameZh,
            typeNameEn: m.licence.typeNameEn,
            issuerNameZh: m.licence.issuerNameZh,
            issuerNameEn: m.licence.issuerNameEn,
            validUntil: m.licence.validUntil,
            verifiedAt: new Date(m.licence_verified_at).toISOString(),
          }
        : null,
  };
}

export function checklistOf(item: ServiceItem | undefined, materials: MaterialRow[]): ChecklistEntry[] {
  const provided = new Set(materials.map((m) => m.material_code));
  return (item?.materials ?? []).map((m) => ({
    code: m.code,
    nameZh: m.nameZh,
    nameEn: m.nameEn,
    critical: m.critical,
    required: m.required,
    provided: provided.has(m.code),
    ...(m.satisfiedByLicenceTypes?.length ? { satisfiedByLicenceTypes: m.satisfiedByLicenceTypes } : {}),
  }));
}

function ownEntry(h: HistoryRow): TimelineEntry {
  return {
    at: h.at.toISOString(),
    kind: h.kind,
    stepNameZh: OWN_STEPS[h.kind].zh,
    stepNameEn: OWN_STEPS[h.kind].en,
    departmentNameZh: null,
    departmentNameEn: null,
    actorName: h.actor_name,
    note: h.note,
    dueAt: null,
    status: 'completed',
    outcome: null,
  };
}

function stepEntry(s: Step): TimelineEntry {
  const names = s as Step & { nameZh?: string; nameEn?: string };
  return {
    at: iso(s.completedAt ?? s.createdAt) as string,
    kind: 'step',
    stepNameZh: names.nameZh ?? s.name,
    stepNameEn: names.nameEn ?? s.name,
    departmentNameZh: s.departmentNameZh,
    departmentNameEn: s.departmentNameEn,
    actorName: s.assigneeName ?? null,
    note: s.note ?? null,
    dueAt: iso(s.dueAt),
    status: s.status,
    outcome: s.outcome ?? null,
  };
}

/** A pause, resume, extension or escalation of the case clock (workflow words it). */
function clockEntry(e: ClockEvent): TimelineEntry {
  const { internal: _internal, ...entry } = e;
  return { ...entry, dueAt: null, status: 'completed', outcome: null };
}

const DONE = new Set(['completed', 'returned', 'cancelled']);

/**
 * Every node of the case's life, read at request time from the applicant's own steps and the
 * workflow's tasks: finished nodes in the order they happened, the open ones (where the case is
 * now) last.
 */
export function timelineOf(
  row: ApplicationRow,
  history: HistoryRow[],
  instance: InstanceView | null,
  officer = false,
): TimelineEntry[] {
  const clock = instance?.clockEvents ?? [];
  const steps = timelineSteps(instance, officer);
  const finished = [
    ...history.map(ownEntry),
    ...steps.filter((s) => DONE.has(s.status)).map(stepEntry),
    ...(officer ? clock : clockEventsForApplicant(clock)).map(clockEntry),
    ...automatedEntries(instance),
  ];
  // A decision later suspended or revoked (容缺) stays on the timeline, before what undid it.
  if (row.decided_at && ['approved', 'rejected', 'suspended', 'revoked'].includes(row.status)) {
    const approved = row.status !== 'rejected';
    finished.push({
      at: row.decided_at.toISOString(),
      kind: 'decided',
      stepNameZh: approved ? '办结：准予许可' : '办结：不予许可',
      stepNameEn: approved ? 'Decided: approved' : 'Decided: rejected',
      departmentNameZh: null,
      departmentNameEn: null,
      actorName: null,
      note: null,
      dueAt: null,
      status: 'completed',
      outcome: approved ? 'approve' : 'reject',
      ...(approved ? decidedByRules(instance) : {}),
    });
  }
  finished.sort((a, b) => a.at.localeCompare(b.at));
  const current = steps.filter((s) => !DONE.has(s.status)).map(stepEntry);
  return [...finished, ...current];
}

export function progressOf(row: ApplicationRow, instance: InstanceView | null): Progress {
  const p = instance?.progress ?? { completed: 0, total: 0, percent: 0 };
  if (row.status === 'approved' || row.status === 'rejected') {
    const total = Math.max(p.total, 1);
    return { completed: total, total, percent: 100 };
  }
  return {
    completed: p.completed,
    total: p.total,
    percent: Math.min(100, Math.max(0, Math.round(p.percent))),
  };
}

async function supplementOf(db: Db, row: ApplicationRow): Promise<ApplicationView['supplement']> {
  const s = row.status === 'returned' ? row.supplement : null;
  if (!s) return null;
  const dept = s.departmentId ? await getDepartment(db, s.departmentId) : undefined;
  return {
    note: s.note,
    requestedAt: s.requestedAt,
    departmentNameZh: dept?.nameZh ?? null,
    departmentNameEn: dept?.nameEn ?? null,
    fields: s.fields,
    materials: s.materials,
    ...(s.round ? { round: s.round } : {}),
  };
}

export interface ComposedView {
  view: ApplicationView;
  item: ServiceItem | undefined;
  instance: InstanceView | null;
}

/** The full application as its applicant (or, masked as needed, an officer) sees it. */
export async function composeView(
  ctx: PlatformContext,
  db: Db,
  row: ApplicationRow,
  known: { item?: ServiceItem; materials?: MaterialRow[]; instance?: InstanceView; officer?: boolean } = {},
): Promise<ComposedView> {
  const item = known.item ?? (await getServiceItem(db, row.item_id));
  const materials = known.materials ?? (await listMaterials(db, row.id));
  const history = await listHistory(db, row.id);
  const instance = known.instance ?? (row.instance_id ? await getInstanceView(db, row.instance_id) : null);
  const view: ApplicationView = {
    ...summaryOf(row),
    // The workflow's limit is the truth (pauses and extensions move it); the row's copy follows by event.
    dueAt: iso(instance?.dueAt ?? row.due_at),
    formData: openForm(ctx.config, row.form_data_enc),
    materials: materials.map(presentMaterial),
    checklist: checklistOf(item, materials),
    decidedAt: iso(row.decided_at),
    progress: progressOf(row, instance),
    timeline: timelineOf(row, history, instance, known.officer),
    clock: instance ? (known.officer ? instance.clock : clockForApplicant(instance.clock)) : null,
    supplement: await supplementOf(db, row),
    withdrawReason: row.withdraw_reason,
    deferral: await deferralOf(db, row, item, materials),
    decidedBy: instance?.decidedBy ?? null,
    // Officers get the checks with their full trace from the case view (cases.service.ts).
    ...(known.officer ? {} : { automatedChecks: await automatedChecksFor(db, instance) }),
  };
  return { view, item, instance };
}
