import type { CompleteTaskBody, TaskDetail, TaskPage, TaskSummary } from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import * as auto from './automation.repository.ts';
import { pauseForSupplement, taskLight } from './clock.service.ts';
import { guardCompletion } from './completion-guard.ts';
import { countersignOfTask, decideCountersign } from './countersign.service.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { graphOf } from './definitions.service.ts';
import { beginStep, endInstance, leave, settle } from './engine.ts';
import { completeReview } from './review.service.ts';
import { headedDepartments, mayView, mayWorkOn } from './workflow.policy.ts';
import * as repo from './workflow.repository.ts';
import { outbox } from './workflow.runtime.ts';
import { auditEnd } from './workflow.service.ts';

export function presentSummary(t: repo.TaskRow, at: Date): TaskSummary {
  return {
    id: t.id,
    caseId: t.business_key,
    caseNumber: t.case_number,
    itemNameZh: t.item_name_zh,
    itemNameEn: t.item_name_en,
    applicantName: t.applicant_name,
    stepName: t.name_zh,
    stepNameZh: t.name_zh,
    stepNameEn: t.name_en,
    stage: t.stage,
    departmentId: t.department_id,
    departmentCode: t.department_code,
    role: t.role,
    status: t.status,
    assigneeName: t.assignee_name,
    createdAt: t.created_at.toISOString(),
    dueAt: t.due_at.toISOString(),
    light: taskLight(t, at),
    escalationLevel: t.escalation_level,
  };
}

export function presentDetail(t: repo.TaskRow, at: Date): TaskDetail {
  return {
    ...presentSummary(t, at),
    instanceId: t.instance_id,
    departmentNameZh: t.department_name_zh,
    departmentNameEn: t.department_name_en,
    assigneeId: t.assignee_id,
    outcome: t.outcome,
    note: t.note,
    completedAt: t.completed_at?.toISOString() ?? null,
  };
}

export async function listTasks(
  db: Db,
  actor: Actor,
  query: { view?: 'inbox' | 'mine' | 'done' | 'flagged'; limit?: number; cursor?: string },
  at: Date,
): Promise<TaskPage> {
  const view = query.view ?? 'inbox';
  const limit = query.limit ?? 20;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows =
    view === 'flagged'
      ? await auto.listFlaggedReviews(db, headedDepartments(actor), limit, after)
      : await repo.listTasks(db, {
          view,
          actorId: actor.accountId,
          roles: actor.roles.map((r) => ({ departmentId: r.departmentId, role: r.role })),
          limit,
          ...(after ? { after } : {}),
        });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(view === 'done' || view === 'flagged' ? last.completed_at! : last.due_at, last.id)
      : null;
  return { items: page.map((t) => presentSummary(t, at)), nextCursor };
}

async function taskFor(db: Db, actor: Actor, taskId: string, may: typeof mayView): Promise<repo.TaskRow> {
  const task = await repo.getTask(db, taskId);
  if (!task) throw new AppError('TASK_NOT_FOUND');
  if (!may(actor, task)) throw new AppError('FORBIDDEN');
  return task;
}

export async function getTask(db: Db, actor: Actor, taskId: string, at: Date): Promise<TaskDetail> {
  const task = await taskFor(db, actor, taskId, mayView);
  const detail = presentDetail(task, at);
  if (task.signer_slot !== null && task.signer_slot !== undefined) {
    const instance = await repo.getInstance(db, task.instance_id);
    if (instance) detail.countersign = await countersignOfTask(db, task, instance);
  }
  return detail;
}

/** Claims an open task for the actor; claiming one's own claimed task again is a no-op. */
export async function claimTask(db: Db, actor: Actor, taskId: string, at: Date): Promise<TaskDetail> {
  return inTransaction(db, async (tx) => {
    await taskFor(tx, actor, taskId, mayWorkOn);
    const claimed = await repo.claimOpenTask(tx, taskId, { id: actor.accountId, name: actor.name }, at);
    if (!claimed) {
      const current = (await repo.getTask(tx, taskId))!;
      if (current.status === 'claimed' && current.assignee_id === actor.accountId)
        return presentDetail(current, at);
      throw new AppError(current.status === 'claimed' ? 'TASK_ALREADY_CLAIMED' : 'TASK_NOT_OPEN');
    }
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'task.claim',
      subjectType: 'workflow_task',
      subjectId: taskId,
      details: { instanceId: claimed.instance_id, businessKey: claimed.business_key },
    });
    return presentDetail(claimed, at);
  });
}

/**
 * Approves, rejects or returns a task. The instance row is locked first, then the task is
 * finished with a conditional UPDATE: of two officers completing at once, the second finds the
 * task no longer open and gets TASK_NOT_OPEN, and the token moves exactly once.
 */
export async function completeTask(
  db: Db,
  actor: Actor,
  taskId: string,
  input: CompleteTaskBody,
  at: Date,
): Promise<TaskDetail> {
  const note = input.note?.trim() || null;
  if ((input.outcome === 'reject' || input.outcome === 'return' || input.outcome === 'flag') && !note) {
    throw new AppError('TASK_NOTE_REQUIRED', [
      { pointer: '/note', code: 'required', message: 'note is required' },
    ]);
  }
  return inTransaction(db, async (tx) => {
    const locked = await repo.lockInstanceOfTask(tx, taskId);
    if (!locked) throw new AppError('TASK_NOT_FOUND');
    const { task, instance } = locked;
    if (!mayWorkOn(actor, task)) throw new AppError('FORBIDDEN');
    if (task.stage === 'review' || input.outcome === 'confirm' || input.outcome === 'flag') {
      return presentDetail(await completeReview(tx, actor, task, instance, input.outcome, note, at), at);
    }
    await guardCompletion(tx, {
      instanceId: instance.id,
      businessKey: instance.business_key,
      taskId,
      outcome: input.outcome,
    });
    const open = task.status === 'open' || task.status === 'claimed';
    if (instance.status === 'waiting_applicant' && open) throw new AppError('WORKFLOW_INSTANCE_NOT_RUNNING');
    // A statutory period (public notice, expert review…) must end before anyone decides: resume first.
    if (instance.paused_at && open) throw new AppError('WORKFLOW_CLOCK_PAUSED');
    const done = await repo.finishTask(
      tx,
      taskId,
      { id: actor.accountId, name: actor.name },
      { status: input.outcome === 'return' ? 'returned' : 'completed', outcome: input.outcome, note, at },
    );
    if (!done) {
      const current = (await repo.getTask(tx, taskId))!;
      throw new AppError(current.status === 'claimed' ? 'TASK_ALREADY_CLAIMED' : 'TASK_NOT_OPEN');
    }
    await outbox().enqueue(tx, 'workflow.task.completed', {
      instanceId: instance.id,
      businessKey: instance.business_key,
      taskId,
      taskKey: done.node_id,
      ...(done.stage === 'acceptance' ? { stage: done.stage } : {}),
      departmentId: done.department_id,
      outcome: input.outcome,
      note: note ?? '',
      actorId: actor.accountId,
    });
    let ended: 'approved' | 'rejected' | null = null;
    if (done.signer_slot !== null && done.signer_slot !== undefined && input.outcome !== 'return') {
      // A countersign signer: the step decides once enough signers did.
      ended = await decideCountersign(tx, instance, done, at);
    } else if (input.outcome === 'approve') {
      const step = beginStep(tx, await graphOf(tx, instance.definition_id), instance, at);
      step.decidedBy = 'officer';
      await leave(step, done.token_id, done.node_id);
      if (await settle(step)) ended = 'approved';
    } else if (input.outcome === 'reject') {
      await endInstance(tx, instance, 'rejected', at, 'officer');
      ended = 'rejected';
    } else {
      await repo.setTokenStatus(tx, [done.token_id], 'returned');
      await repo.updateInstance(tx, instance.id, { status: 'waiting_applicant' });
      await pauseForSupplement(tx, instance, task, actor, note, at);
    }
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'task.complete',
      subjectType: 'workflow_task',
      subjectId: taskId,
      details: { outcome: input.outcome, note, instanceId: instance.id, businessKey: instance.business_key },
    });
    if (ended) await auditEnd(tx, instance.id, ended);
    return presentDetail(done, at);
  });
}
