import type { ApplicationStatus } from '@tongban/contracts';
import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import {
  type TaskCompletionAttempt,
  useTaskCompletionGuard,
  type WorkflowClockChanged,
  type WorkflowInstanceEnded,
  type WorkflowTaskCompleted,
} from '../workflow/index.ts';
import {
  type ApplicationRow,
  findApplication,
  lockApplicationNowait,
  markEventHandled,
  type SupplementRecord,
  updateApplication,
} from './applications.repository.ts';
import { lockOpenDeferral, updateDeferral } from './deferral.repository.ts';
import { closeOpenDeferral } from './deferral.service.ts';
import { openRound } from './supplement.service.ts';

/**
 * The case status follows the workflow: acceptance approved → accepted; a later step approved →
 * in_review; any step returned → returned (with the officer's note); the instance ended →
 * approved / rejected. Each delivery is applied once (redeliveries are recorded and skipped) and
 * only moves a case forward, so late or repeated events never rewind it.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const MOVES: Record<string, ApplicationStatus[]> = {
  accepted: ['submitted'],
  in_review: ['submitted', 'accepted'],
  returned: ['submitted', 'accepted', 'in_review'],
  approved: ['submitted', 'accepted', 'in_review', 'returned'],
  // A suspended case (容缺) may still be refused; its deferral is closed then.
  rejected: ['submitted', 'accepted', 'in_review', 'returned', 'suspended'],
};

type Changes = Partial<ApplicationRow> & { supplement?: SupplementRecord | null };

/**
 * A case suspended because materials it owes were not supplied in time (容缺) keeps following the
 * workflow underneath: events already on their way when it was suspended move the status it will
 * resume to, kept on its deferral, while its own status stays `suspended`.
 */
async function followWhileSuspended(
  tx: Db,
  row: ApplicationRow,
  to: ApplicationStatus,
  changes: (row: ApplicationRow, at: Date) => Changes | Promise<Changes>,
  at: Date,
  cause: Record<string, unknown>,
): Promise<void> {
  const deferral = await lockOpenDeferral(tx, row.id);
  const from = deferral?.resume_status;
  if (!deferral || !from || !MOVES[to]?.includes(from)) return;
  await updateDeferral(tx, deferral.id, { resume_status: to });
  const { status: _stays, ...rest } = await changes(row, at);
  await updateApplication(tx, row.id, rest, at);
  await appendAudit(tx, {
    actorId: null,
    actorKind: 'system',
    action: 'application.status',
    subjectType: 'application',
    subjectId: row.id,
    details: { caseNumber: row.case_number, from, to, suspended: true, ...cause },
  });
}

function targetOf(e: WorkflowTaskCompleted): ApplicationStatus | null {
  if (e.outcome === 'return') return 'returned';
  if (e.outcome === 'approve') return e.stage === 'acceptance' ? 'accepted' : 'in_review';
  return null; // a rejection ends the instance; workflow.instance.ended carries the decision
}

async function move(
  ctx: PlatformContext,
  tx: Db,
  eventId: string,
  caseId: string,
  to: ApplicationStatus | null,
  changes: (row: ApplicationRow, at: Date) => Changes | Promise<Changes>,
  cause: Record<string, unknown>,
): Promise<void> {
  // Other modules may run workflows on their own business keys; those are not cases.
  if (!to || !UUID.test(caseId)) return;
  if (!(await markEventHandled(tx, eventId))) return;
  const row = await lockApplicationNowait(tx, caseId);
  if (!row?.case_number) return;
  const at = ctx.now();
  if (row.status === 'suspended' && to !== 'rejected')
    return followWhileSuspended(tx, row, to, changes, at, cause);
  if (!MOVES[to]?.includes(row.status)) return;
  if (row.status === 'suspended') await closeOpenDeferral(tx, row.id, at);
  await updateApplication(tx, row.id, { status: to, ...(await changes(row, at)) }, at);
  await ctx.outbox.enqueue(tx, 'application.statusChanged', {
    caseId: row.id,
    caseNumber: row.case_number,
    applicantId: row.applicant_id,
    from: row.status,
    to,
  });
  await appendAudit(tx, {
    actorId: null,
    actorKind: 'system',
    action: 'application.status',
    subjectType: 'application',
    subjectId: row.id,
    details: { caseNumber: row.case_number, from: row.status, to, ...cause },
  });
}

export function onTaskCompleted(ctx: PlatformContext) {
  return async (e: WorkflowTaskCompleted, meta: { eventId: string; db: Db }) => {
    const to = targetOf(e);
    await move(
      ctx,
      meta.db,
      meta.eventId,
      e.businessKey,
      to,
      async (row, at) => {
        if (to === 'accepted') return { accepted_at: at };
        if (to !== 'returned') return {};
        const named = e as WorkflowTaskCompleted & { fields?: string[]; materials?: string[] };
        const fields = named.fields ?? [];
        const materials = named.materials ?? [];
        // A return made through the task itself (not /cases/:id/return) opens its round here.
        const round = await openRound(meta.db, row, {
          taskId: e.taskId,
          taskRole: null,
          departmentId: e.departmentId,
          actor: null,
          note: e.note,
          fields,
          materials,
          at,
        });
        return {
          accepted_at: row.accepted_at,
          supplement: {
            note: e.note,
            requestedAt: at.toISOString(),
            departmentId: e.departmentId,
            fields,
            materials,
            round,
          },
        };
      },
      { taskId: e.taskId, taskKey: e.taskKey, outcome: e.outcome },
    );
  };
}

export function onInstanceEnded(ctx: PlatformContext) {
  return async (e: WorkflowInstanceEnded, meta: { eventId: string; db: Db }) => {
    await move(
      ctx,
      meta.db,
      meta.eventId,
      e.businessKey,
      e.outcome,
      (_row, at) => ({ decided_at: at, supplement: null }),
      {
        instanceId: e.instanceId,
      },
    );
  };
}

/**
 * The case's promised limit moved (its clock restarted after a pause, or an extension): the row's
 * copy, which lists show, follows. Limits only ever move later, so applying the latest date seen
 * is right whatever order the deliveries come in.
 */
export function onClockChanged(ctx: PlatformContext) {
  return async (e: WorkflowClockChanged, meta: { eventId: string; db: Db }) => {
    if (e.change === 'paused' || !UUID.test(e.businessKey)) return;
    if (!(await markEventHandled(meta.db, meta.eventId))) return;
    const row = await lockApplicationNowait(meta.db, e.businessKey);
    const due = new Date(e.dueAt);
    if (!row?.case_number || (row.due_at && row.due_at.getTime() >= due.getTime())) return;
    await updateApplication(meta.db, row.id, { due_at: due }, ctx.now());
    await appendAudit(meta.db, {
      actorId: null,
      actorKind: 'system',
      action: 'application.dueMoved',
      subjectType: 'application',
      subjectId: row.id,
      details: {
        caseNumber: row.case_number,
        from: row.due_at?.toISOString() ?? null,
        to: e.dueAt,
        change: e.change,
      },
    });
  };
}

/**
 * While a case is suspended (容缺 materials not supplied in time) none of its steps may be approved
 * or returned; refusing it stays possible. Read without a lock: workflow holds the instance and
 * applications locks the case first everywhere else, so waiting here could deadlock; a suspension
 * committing just after this read finds the approval's event on its way and follows it
 * (followWhileSuspended).
 */
async function refuseWhileSuspended(tx: Db, attempt: TaskCompletionAttempt): Promise<void> {
  if (attempt.outcome === 'reject' || !UUID.test(attempt.businessKey)) return;
  const row = await findApplication(tx, attempt.businessKey);
  if (row?.status === 'suspended') throw new AppError('APPLICATION_SUSPENDED');
}

export function subscribeApplications(ctx: PlatformContext): void {
  useTaskCompletionGuard('applications.suspended', refuseWhileSuspended);
  ctx.outbox.on('workflow.task.completed', 'applications.followTask', onTaskCompleted(ctx));
  ctx.outbox.on('workflow.instance.ended', 'applications.followInstance', onInstanceEnded(ctx));
  ctx.outbox.on('workflow.instance.clockChanged', 'applications.followClock', onClockChanged(ctx));
}
