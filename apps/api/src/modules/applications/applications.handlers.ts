import type { ApplicationStatus } from '@tongban/contracts';
import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { appendAudit } from '../audit/index.ts';
import type { WorkflowInstanceEnded, WorkflowTaskCompleted } from '../workflow/index.ts';
import {
  type ApplicationRow,
  lockApplicationNowait,
  markEventHandled,
  type SupplementRecord,
  updateApplication,
} from './applications.repository.ts';

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
  rejected: ['submitted', 'accepted', 'in_review', 'returned'],
};

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
  changes: (
    row: ApplicationRow,
    at: Date,
  ) => Partial<ApplicationRow> & { supplement?: SupplementRecord | null },
  cause: Record<string, unknown>,
): Promise<void> {
  // Other modules may run workflows on their own business keys; those are not cases.
  if (!to || !UUID.test(caseId)) return;
  if (!(await markEventHandled(tx, eventId))) return;
  const row = await lockApplicationNowait(tx, caseId);
  if (!row?.case_number || !MOVES[to]?.includes(row.status)) return;
  const at = ctx.now();
  await updateApplication(tx, row.id, { status: to, ...changes(row, at) }, at);
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
      (row, at) => {
        if (to === 'accepted') return { accepted_at: at };
        if (to !== 'returned') return {};
        const named = e as WorkflowTaskCompleted & { fields?: string[]; materials?: string[] };
        return {
          accepted_at: row.accepted_at,
          supplement: {
            note: e.note,
            requestedAt: at.toISOString(),
            departmentId: e.departmentId,
            fields: named.fields ?? [],
            materials: named.materials ?? [],
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

export function subscribeApplications(ctx: PlatformContext): void {
  ctx.outbox.on('workflow.task.completed', 'applications.followTask', onTaskCompleted(ctx));
  ctx.outbox.on('workflow.instance.ended', 'applications.followInstance', onInstanceEnded(ctx));
}
