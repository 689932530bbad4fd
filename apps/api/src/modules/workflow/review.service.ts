import type { Actor } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './workflow.repository.ts';
import { outbox } from './workflow.runtime.ts';

/**
 * Closes a post-approval review (事后抽查) of an automatic approval: `confirm` (the rules decided
 * well) or `flag` with a note (the department head should look at the case). The case stays
 * approved either way; no token moves. Other tasks cannot be confirmed or flagged, and a review
 * cannot be approved, rejected or returned.
 */
export async function completeReview(
  tx: Db,
  actor: Actor,
  task: { id: string; stage: string | null },
  instance: Pick<repo.InstanceRow, 'id' | 'business_key'>,
  outcome: repo.TaskOutcome,
  note: string | null,
  at: Date,
): Promise<repo.TaskRow> {
  if (task.stage !== 'review' || (outcome !== 'confirm' && outcome !== 'flag')) {
    throw new AppError('TASK_OUTCOME_NOT_ALLOWED', [
      { pointer: '/outcome', code: 'outcome', message: outcome },
    ]);
  }
  const done = await repo.finishTask(
    tx,
    task.id,
    { id: actor.accountId, name: actor.name },
    { status: 'completed', outcome, note, at },
  );
  if (!done) {
    const current = (await repo.getTask(tx, task.id))!;
    throw new AppError(current.status === 'claimed' ? 'TASK_ALREADY_CLAIMED' : 'TASK_NOT_OPEN');
  }
  await outbox().enqueue(tx, 'workflow.review.completed', {
    instanceId: instance.id,
    businessKey: instance.business_key,
    taskId: task.id,
    departmentId: done.department_id,
    outcome,
    note: note ?? '',
    actorId: actor.accountId,
  });
  await appendAudit(tx, {
    actorId: actor.accountId,
    actorKind: actor.kind,
    action: 'task.complete',
    subjectType: 'workflow_task',
    subjectId: task.id,
    details: { outcome, note, instanceId: instance.id, businessKey: instance.business_key, review: true },
  });
  return done;
}
