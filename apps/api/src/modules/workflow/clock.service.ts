import type {
  CaseClock,
  Extension,
  ExtensionBody,
  ExtensionPage,
  PauseBody,
  PauseKind,
  SlaLight,
  TimelineClock,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type Actor, hasRole } from '../../platform/auth.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { regionCalendar } from './calendar.service.ts';
import { chinaDate, slaLight, workingDaysBetween, workingDeadline, yellowFrom } from './calendar.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { mayWorkOn } from './workflow.policy.ts';
import * as repo from './workflow.repository.ts';
import { config, outbox } from './workflow.runtime.ts';

/**
 * The SLA clock of a case. It stops while the case waits on the applicant (a return for
 * supplement, until the resubmission) and during statutory periods an officer starts and ends
 * (public notice, expert review, hearing, on-site inspection); when it restarts, every open limit
 * (the case's promised and statutory limits, its open tasks) moves forward by the working days
 * given back (`workingDaysBetween`). A department head may extend the limits on an officer's
 * request, up to the case's allowance. Every change is a row (pauses, extensions) that the
 * timeline shows, and an audit entry.
 */

const NO_LIMIT = '9999-12-31';

type LockedTask = NonNullable<Awaited<ReturnType<typeof repo.lockInstanceOfTask>>>['task'];

/** A case still being handled (running, or waiting on the applicant). */
const isLive = (i: repo.InstanceRow) => i.status === 'running' || i.status === 'waiting_applicant';

/**
 * Moves the case's limits and its open tasks' deadlines `days` working days later on its region's
 * calendar (the caller holds the instance lock) and tells other modules. Returns the new limits.
 */
async function moveLimits(
  tx: Db,
  instance: repo.InstanceRow,
  days: number,
  change: { change: 'resumed' | 'extended'; pauseKind?: PauseKind },
): Promise<{ dueAt: Date; statutoryDueAt: Date }> {
  let dueAt = instance.due_at;
  let statutoryDueAt = instance.statutory_due_at;
  if (days > 0) {
    const calendar = await regionCalendar(tx, instance.region_code);
    const later = (d: Date) => workingDeadline(calendar, d, days, NO_LIMIT)!;
    dueAt = later(dueAt);
    statutoryDueAt = later(statutoryDueAt);
    await repo.updateInstance(tx, instance.id, { due_at: dueAt, statutory_due_at: statutoryDueAt });
    for (const task of await repo.openTasksOf(tx, instance.id)) {
      const due = later(task.due_at);
      await repo.moveTaskDue(tx, task.id, due, yellowFrom(task.created_at, due));
    }
  }
  await outbox().enqueue(tx, 'workflow.instance.clockChanged', {
    instanceId: instance.id,
    businessKey: instance.business_key,
    ...change,
    workingDays: days,
    dueAt: dueAt.toISOString(),
    statutoryDueAt: statutoryDueAt.toISOString(),
  });
  return { dueAt, statutoryDueAt };
}

/** Stops the clock (the caller holds the instance lock and checked that it runs). */
async function stopClock(tx: Db, instance: repo.InstanceRow, pause: repo.PauseRow): Promise<void> {
  await repo.insertPause(tx, pause);
  await repo.updateInstance(tx, instance.id, { paused_at: pause.started_at });
  await repo.setOpenTasksPaused(tx, instance.id, pause.started_at);
  await outbox().enqueue(tx, 'workflow.instance.clockChanged', {
    instanceId: instance.id,
    businessKey: instance.business_key,
    change: 'paused',
    pauseKind: pause.kind,
    dueAt: instance.due_at.toISOString(),
    statutoryDueAt: instance.statutory_due_at.toISOString(),
  });
}

/**
 * Restarts the clock stopped by `pause` and moves the limits by the working days it was stopped.
 * Returns those days and a function that moves any other deadline (a returned task's) the same way.
 */
async function restartClock(
  tx: Db,
  instance: repo.InstanceRow,
  pause: repo.PauseRow | undefined,
  by: { id: string; name: string } | null,
  at: Date,
): Promise<{ days: number; later: (d: Date) => Date }> {
  await repo.updateInstance(tx, instance.id, { paused_at: null });
  await repo.setOpenTasksPaused(tx, instance.id, null);
  if (!pause) return { days: 0, later: (d) => d };
  const calendar = await regionCalendar(tx, instance.region_code);
  const days = workingDaysBetween(calendar, chinaDate(pause.started_at), chinaDate(at));
  await repo.endPause(tx, pause.id, { at, by: by?.id ?? null, byName: by?.name ?? null, workingDays: days });
  await moveLimits(tx, instance, days, { change: 'resumed', pauseKind: pause.kind });
  return { days, later: (d) => (days > 0 ? workingDeadline(calendar, d, days, NO_LIMIT)! : d) };
}

/** A return for supplement stops the clock until the applicant resubmits (inside completeTask). */
export async function pauseForSupplement(
  tx: Db,
  instance: repo.InstanceRow,
  task: LockedTask,
  actor: Actor,
  note: string | null,
  at: Date,
): Promise<void> {
  await stopClock(
    tx,
    instance,
    pauseRow(instance, task, actor, at, {
      kind: 'supplement',
      reason: note,
      planned_days: null,
      planned_until: null,
    }),
  );
}

/** An open pause (no end yet) that `actor` starts at `at` from `task`'s step. */
function pauseRow(
  instance: repo.InstanceRow,
  task: LockedTask,
  actor: Actor,
  at: Date,
  what: Pick<repo.PauseRow, 'kind' | 'reason' | 'planned_days' | 'planned_until'>,
): repo.PauseRow {
  return {
    id: uuidv7(),
    instance_id: instance.id,
    ...what,
    task_id: task.id,
    department_id: task.department_id,
    department_name_zh: task.department_name_zh,
    department_name_en: task.department_name_en,
    started_at: at,
    started_by: actor.accountId,
    started_by_name: actor.name,
    ended_at: null,
    ended_by: null,
    ended_by_name: null,
    paused_working_days: null,
  };
}

/**
 * The applicant resubmitted (inside resumeAfterSupplement, instance locked): the clock restarts.
 * Returns how to move the returned steps' deadlines, so they reopen with the time they had left.
 */
export async function resumeFromSupplement(
  tx: Db,
  instance: repo.InstanceRow,
  at: Date,
): Promise<(d: Date) => Date> {
  const pause = await repo.openPause(tx, instance.id);
  return (await restartClock(tx, instance, pause, null, at)).later;
}

/**
 * The instance and task, locked, for an officer holding the task's role while it is open; with
 * `holding`, not claimed by someone else either (pausing and asking for time are the holder's).
 */
async function taskInHand(tx: Db, actor: Actor, taskId: string, holding: boolean) {
  const locked = await repo.lockInstanceOfTask(tx, taskId);
  if (!locked) throw new AppError('TASK_NOT_FOUND');
  const { task } = locked;
  if (!mayWorkOn(actor, task)) throw new AppError('FORBIDDEN');
  if (task.status !== 'open' && task.status !== 'claimed') throw new AppError('TASK_NOT_OPEN');
  if (holding && task.status === 'claimed' && task.assignee_id !== actor.accountId) {
    throw new AppError('TASK_ALREADY_CLAIMED');
  }
  return locked;
}

/**
 * An officer holding the current step stops the clock for a statutory period. One stopped clock
 * per case: pausing a paused case (or one waiting on the applicant) is WORKFLOW_CLOCK_ALREADY_PAUSED.
 */
export async function pauseClock(
  db: Db,
  actor: Actor,
  taskId: string,
  input: PauseBody,
  at: Date,
): Promise<CaseClock> {
  return inTransaction(db, async (tx) => {
    const { task, instance } = await taskInHand(tx, actor, taskId, true);
    if (instance.paused_at || instance.status === 'waiting_applicant') {
      throw new AppError('WORKFLOW_CLOCK_ALREADY_PAUSED');
    }
    if (instance.status !== 'running') throw new AppError('WORKFLOW_INSTANCE_NOT_RUNNING');
    const plannedUntil = input.plannedDays
      ? chinaDate(
          workingDeadline(await regionCalendar(tx, instance.region_code), at, input.plannedDays, NO_LIMIT)!,
        )
      : null;
    const pause = pauseRow(instance, task, actor, at, {
      kind: input.kind,
      reason: input.reason.trim(),
      planned_days: input.plannedDays ?? null,
      planned_until: plannedUntil,
    });
    await stopClock(tx, instance, pause);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'workflow.clock.pause',
      subjectType: 'workflow_instance',
      subjectId: instance.id,
      details: { taskId, kind: input.kind, reason: pause.reason, plannedDays: pause.planned_days },
    });
    return clockOf(
      { ...instance, paused_at: at },
      [pause],
      await repo.extensionsOf(tx, instance.id),
      at,
      'officer',
    );
  });
}

/** Restarts a clock stopped for a statutory period; the limits move by the working days it was stopped. */
export async function resumeClock(db: Db, actor: Actor, taskId: string, at: Date): Promise<CaseClock> {
  return inTransaction(db, async (tx) => {
    // Anyone holding the step's role may restart the clock: the officer who stopped it may be away.
    const { instance } = await taskInHand(tx, actor, taskId, false);
    const pause = instance.paused_at ? await repo.openPause(tx, instance.id) : undefined;
    if (!pause || pause.kind === 'supplement' || instance.status !== 'running') {
      throw new AppError('WORKFLOW_CLOCK_NOT_PAUSED');
    }
    const { days } = await restartClock(tx, instance, pause, { id: actor.accountId, name: actor.name }, at);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'workflow.clock.resume',
      subjectType: 'workflow_instance',
      subjectId: instance.id,
      details: { taskId, kind: pause.kind, pausedWorkingDays: days },
    });
    const current = (await repo.getInstance(tx, instance.id))!;
    return clockOf(current, [], await repo.extensionsOf(tx, instance.id), at, 'officer');
  });
}

/**
 * An officer holding the current step asks the owning department's head for `days` more working
 * days. One request waits at a time; all requests together stay within the case's allowance.
 */
export async function requestExtension(
  db: Db,
  actor: Actor,
  taskId: string,
  input: ExtensionBody,
  at: Date,
): Promise<Extension> {
  return inTransaction(db, async (tx) => {
    const { instance } = await taskInHand(tx, actor, taskId, true);
    if (!isLive(instance)) throw new AppError('WORKFLOW_INSTANCE_NOT_RUNNING');
    const extensions = await repo.extensionsOf(tx, instance.id);
    if (extensions.some((x) => x.status === 'pending')) throw new AppError('WORKFLOW_EXTENSION_PENDING');
    const used = extensions.filter((x) => x.status === 'approved').reduce((n, x) => n + x.days, 0);
    const left = instance.extension_allowance_days - used;
    if (input.days > left) {
      throw new AppError('WORKFLOW_EXTENSION_TOO_LONG', [{ pointer: '/days', max: left }], { max: left });
    }
    const row: repo.ExtensionRow = {
      id: uuidv7(),
      instance_id: instance.id,
      task_id: taskId,
      department_id: instance.owner_department_id,
      days: input.days,
      reason: input.reason.trim(),
      status: 'pending',
      requested_by: actor.accountId,
      requested_by_name: actor.name,
      requested_at: at,
      decided_by: null,
      decided_by_name: null,
      decided_at: null,
      decision_note: null,
    };
    await repo.insertExtension(tx, row);
    await outbox().enqueue(tx, 'workflow.extension.requested', {
      extensionId: row.id,
      instanceId: instance.id,
      businessKey: instance.business_key,
      departmentId: row.department_id,
      days: row.days,
    });
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'workflow.extension.request',
      subjectType: 'workflow_instance',
      subjectId: instance.id,
      details: { extensionId: row.id, taskId, days: row.days, reason: row.reason },
    });
    return presentExtension((await repo.extensionWithCase(tx, row.id))!, used);
  });
}

/**
 * The owning department's head approves (the limits move `days` working days later) or refuses
 * (a note is required) a pending request. Of two decisions at once, the second gets
 * WORKFLOW_EXTENSION_DECIDED.
 */
export async function decideExtension(
  db: Db,
  actor: Actor,
  extensionId: string,
  decision: { approve: boolean; note?: string },
  at: Date,
): Promise<Extension> {
  const note = decision.note?.trim() || null;
  if (!decision.approve && !note) {
    throw new AppError('WORKFLOW_EXTENSION_NOTE_REQUIRED', [
      { pointer: '/note', code: 'required', message: 'note is required' },
    ]);
  }
  return inTransaction(db, async (tx) => {
    const request = await repo.getExtension(tx, extensionId);
    if (!request) throw new AppError('WORKFLOW_EXTENSION_NOT_FOUND');
    if (!hasRole(actor, 'dept_head', request.department_id)) throw new AppError('FORBIDDEN');
    const instance = (await repo.lockInstance(tx, request.instance_id))!;
    if (decision.approve && !isLive(instance)) throw new AppError('WORKFLOW_INSTANCE_NOT_RUNNING');
    const decided = await repo.decideExtension(tx, extensionId, {
      status: decision.approve ? 'approved' : 'refused',
      by: actor.accountId,
      byName: actor.name,
      at,
      note,
    });
    if (!decided) throw new AppError('WORKFLOW_EXTENSION_DECIDED');
    if (decision.approve) await moveLimits(tx, instance, decided.days, { change: 'extended' });
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: decision.approve ? 'workflow.extension.approve' : 'workflow.extension.refuse',
      subjectType: 'workflow_instance',
      subjectId: instance.id,
      details: { extensionId, days: decided.days, note },
    });
    const used = (await repo.extensionsOf(tx, instance.id))
      .filter((x) => x.status === 'approved')
      .reduce((n, x) => n + x.days, 0);
    return presentExtension((await repo.extensionWithCase(tx, extensionId))!, used);
  });
}

type ExtensionWithCase = NonNullable<Awaited<ReturnType<typeof repo.extensionWithCase>>>;

function presentExtension(x: ExtensionWithCase, usedDays: number): Extension {
  return {
    id: x.id,
    instanceId: x.instance_id,
    caseId: x.business_key,
    caseNumber: x.title.caseNumber,
    itemNameZh: x.title.itemNameZh,
    itemNameEn: x.title.itemNameEn,
    stepNameZh: x.step_name_zh,
    stepNameEn: x.step_name_en,
    days: x.days,
    reason: x.reason,
    status: x.status,
    requestedByName: x.requested_by_name,
    requestedAt: x.requested_at.toISOString(),
    decidedByName: x.decided_by_name,
    decidedAt: x.decided_at?.toISOString() ?? null,
    decisionNote: x.decision_note,
    dueAt: x.due_at.toISOString(),
    statutoryDueAt: x.statutory_due_at.toISOString(),
    allowanceDays: x.extension_allowance_days,
    usedDays,
  };
}

/** The extension requests a department head decides: those of the departments they head. */
export async function listExtensions(
  db: Db,
  actor: Actor,
  query: { status?: repo.ExtensionStatus; limit?: number; cursor?: string },
): Promise<ExtensionPage> {
  const departmentIds = actor.roles.filter((r) => r.role === 'dept_head').map((r) => r.departmentId);
  if (!departmentIds.length) throw new AppError('FORBIDDEN');
  const limit = query.limit ?? 20;
  const rows = await repo.listExtensions(db, {
    departmentIds,
    status: query.status ?? 'pending',
    limit,
    ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
  });
  const page = rows.slice(0, limit);
  const used = new Map<string, number>();
  for (const x of page) {
    if (!used.has(x.instance_id)) {
      const all = await repo.extensionsOf(db, x.instance_id);
      used.set(
        x.instance_id,
        all.filter((e) => e.status === 'approved').reduce((n, e) => n + e.days, 0),
      );
    }
  }
  const last = page[page.length - 1];
  return {
    items: page.map((x) => presentExtension(x, used.get(x.instance_id) ?? 0)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.requested_at, last.id) : null,
  };
}

/** Extension allowance of a new case: the configured maximum (startProcess may give the item's). */
export function defaultExtensionAllowance(): number {
  return config().slaMaxExtensionDays;
}

export type Audience = 'applicant' | 'officer';

/** The light of a task: none once finished, paused while its case's clock is stopped. */
export function taskLight(t: repo.TaskRow, at: Date): SlaLight | null {
  if (t.status !== 'open' && t.status !== 'claimed') return null;
  return t.paused_at ? 'paused' : slaLight(t.created_at, t.due_at, at);
}

/** The light of a case: paused while its clock is stopped, else from its promised limit. */
export function caseLight(instance: repo.InstanceRow, at: Date): SlaLight | null {
  if (!isLive(instance)) return null;
  if (instance.paused_at || instance.status === 'waiting_applicant') return 'paused';
  return slaLight(instance.started_at, instance.due_at, at);
}

/**
 * Both limits, the stopped clock and the extensions of a case. A stopped clock freezes the
 * statutory check at the moment it stopped; who and why are for officers only.
 */
export function clockOf(
  instance: repo.InstanceRow,
  pauses: repo.PauseRow[],
  extensions: repo.ExtensionRow[],
  at: Date,
  audience: Audience,
): CaseClock {
  const open = pauses.find((p) => p.ended_at === null);
  const checkedAt = instance.ended_at ?? instance.paused_at ?? at;
  const officer = audience === 'officer';
  const pending = extensions.find((x) => x.status === 'pending');
  return {
    promisedDueAt: instance.due_at.toISOString(),
    statutoryDueAt: instance.statutory_due_at.toISOString(),
    light: caseLight(instance, at),
    overStatutory: checkedAt.getTime() > instance.statutory_due_at.getTime(),
    pause:
      open && isLive(instance)
        ? {
            kind: open.kind,
            since: open.started_at.toISOString(),
            plannedUntil: open.planned_until,
            reason: officer ? open.reason : null,
            byName: officer ? open.started_by_name : null,
          }
        : null,
    extension: {
      allowanceDays: instance.extension_allowance_days,
      usedDays: extensions.filter((x) => x.status === 'approved').reduce((n, x) => n + x.days, 0),
      pending: pending
        ? {
            id: pending.id,
            days: pending.days,
            reason: officer ? pending.reason : null,
            requestedAt: pending.requested_at.toISOString(),
            requestedByName: officer ? pending.requested_by_name : null,
          }
        : null,
    },
  };
}

export type ClockEventKind =
  | 'clock_paused'
  | 'clock_resumed'
  | 'extension_requested'
  | 'extended'
  | 'extension_refused'
  | 'escalated';

/** A change of the case clock as a timeline node: names in plain words, details for the page. */
export interface ClockEvent {
  at: string;
  kind: ClockEventKind;
  stepNameZh: string;
  stepNameEn: string;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
  actorName: string | null;
  note: string | null;
  clock: TimelineClock;
  /** Only officers see it (requests, refusals, escalations are the department's business). */
  internal: boolean;
}

const PAUSE_NAMES: Record<PauseKind, [string, string]> = {
  supplement: ['等待申请人补正', "waiting for the applicant's supplement"],
  public_notice: ['公示', 'public notice'],
  expert_review: ['专家评审', 'expert review'],
  hearing: ['听证', 'hearing'],
  on_site_inspection: ['现场核查', 'on-site inspection'],
};

const ROLE_NAMES: Record<string, [string, string]> = {
  window: ['窗口人员', 'the front desk'],
  officer: ['审查人员', 'the reviewing officer'],
  dept_head: ['部门负责人', 'the department head'],
  dept_admin: ['部门管理员', 'the department administrator'],
};

const roleName = (role: string): [string, string] => ROLE_NAMES[role] ?? [role, role];

/** Every pause, resume, extension request and decision, and escalation of a case, oldest first. */
export function clockEventsOf(
  pauses: repo.PauseRow[],
  extensions: repo.ExtensionRow[],
  escalations: repo.EscalationRow[],
): ClockEvent[] {
  const events: ClockEvent[] = [];
  for (const p of pauses) {
    const [kindZh, kindEn] = PAUSE_NAMES[p.kind];
    const planned = p.planned_until
      ? [
          `（预计 ${p.planned_days} 个工作日，至 ${p.planned_until}）`,
          ` (expected ${p.planned_days} working days, until ${p.planned_until})`,
        ]
      : ['', ''];
    const dept = { departmentNameZh: p.department_name_zh, departmentNameEn: p.department_name_en };
    events.push({
      at: p.started_at.toISOString(),
      kind: 'clock_paused',
      stepNameZh: `暂停计时：${kindZh}${planned[0]}`,
      stepNameEn: `Clock paused: ${kindEn}${planned[1]}`,
      ...dept,
      actorName: p.started_by_name,
      // A return's note is already on the returned step.
      note: p.kind === 'supplement' ? null : p.reason,
      clock: { pauseKind: p.kind, plannedUntil: p.planned_until },
      internal: false,
    });
    if (p.ended_at) {
      const n = p.paused_working_days ?? 0;
      events.push({
        at: p.ended_at.toISOString(),
        kind: 'clock_resumed',
        stepNameZh: n ? `恢复计时，办理期限顺延 ${n} 个工作日` : '恢复计时，办理期限不变',
        stepNameEn: n
          ? `Clock resumed; time limits moved ${n} working day${n > 1 ? 's' : ''} later`
          : 'Clock resumed; time limits unchanged',
        ...dept,
        actorName: p.ended_by_name,
        note: null,
        clock: { pauseKind: p.kind, workingDays: n },
        internal: false,
      });
    }
  }
  for (const x of extensions) {
    events.push({
      at: x.requested_at.toISOString(),
      kind: 'extension_requested',
      stepNameZh: `申请延长办理期限 ${x.days} 个工作日`,
      stepNameEn: `Extension of ${x.days} working day${x.days > 1 ? 's' : ''} requested`,
      departmentNameZh: null,
      departmentNameEn: null,
      actorName: x.requested_by_name,
      note: x.reason,
      clock: { workingDays: x.days },
      internal: true,
    });
    if (x.decided_at && x.status !== 'pending') {
      const approved = x.status === 'approved';
      events.push({
        at: x.decided_at.toISOString(),
        kind: approved ? 'extended' : 'extension_refused',
        stepNameZh: approved ? `经负责人批准，办理期限延长 ${x.days} 个工作日` : '延期申请未获批准',
        stepNameEn: approved
          ? `Time limits extended by ${x.days} working day${x.days > 1 ? 's' : ''}, approved by the head`
          : 'Extension request refused',
        departmentNameZh: null,
        departmentNameEn: null,
        actorName: x.decided_by_name,
        // The applicant is told why the case takes longer (行政许可法 art. 42).
        note: approved ? x.reason : x.decision_note,
        clock: { workingDays: x.days },
        internal: !approved,
      });
    }
  }
  for (const e of escalations) {
    const [zh, en] = roleName(e.role);
    const level = e.level === 'yellow' ? ['临近期限', 'Nearing the limit'] : ['已超期', 'Overdue'];
    events.push({
      at: e.at.toISOString(),
      kind: 'escalated',
      stepNameZh:
        e.action === 'notify'
          ? `${level[0]}（${e.step_name_zh}），已提醒${zh}`
          : `${level[0]}（${e.step_name_zh}），转${zh}办理`,
      stepNameEn:
        e.action === 'notify'
          ? `${level[1]} (${e.step_name_en}): ${en} notified`
          : `${level[1]} (${e.step_name_en}): reassigned to ${en}`,
      departmentNameZh: e.department_name_zh,
      departmentNameEn: e.department_name_en,
      actorName: null,
      // Who held the step before it was taken away from them.
      note: e.action === 'reassign' ? e.from_assignee_name : null,
      clock: { level: e.level, action: e.action, role: e.role },
      internal: true,
    });
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** What the applicant sees of the clock: kinds and dates, not who, why, or requests not decided. */
export function clockForApplicant(clock: CaseClock): CaseClock {
  return {
    ...clock,
    pause: clock.pause && { ...clock.pause, reason: null, byName: null },
    extension: { ...clock.extension, pending: null },
  };
}

/** What the applicant sees of the clock's history: plain kinds and dates, not who or why (but an extension's why). */
export function clockEventsForApplicant(events: ClockEvent[]): ClockEvent[] {
  return events
    .filter((e) => !e.internal)
    .map((e) => ({ ...e, actorName: null, note: e.kind === 'extended' ? e.note : null }));
}
