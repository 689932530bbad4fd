import { v7 as uuidv7 } from 'uuid';
import { type Db, inTransaction } from '../../platform/db.ts';
import { appendAudit } from '../audit/index.ts';
import { DEFAULT_ESCALATION, type EscalationLevel } from './bpmn.ts';
import { graphOf } from './definitions.service.ts';
import * as repo from './workflow.repository.ts';
import { outbox } from './workflow.runtime.ts';

type Candidate = Awaited<ReturnType<typeof repo.claimEscalations>>[number];

/**
 * Applies the step's escalation rules (bpmn.ts: tongban:escalation, by default notify the head at
 * yellow and give the head the task at red) for every level the task's light has passed and that
 * was not applied yet: a task found already red gets its yellow escalation too, in order.
 */
async function escalate(tx: Db, task: Candidate, at: Date): Promise<number> {
  const graph = await graphOf(tx, task.definition_id);
  const rules = graph.nodes[task.node_id]?.task?.escalation ?? DEFAULT_ESCALATION;
  const overdue = task.due_at.getTime() < at.getTime();
  const levels: EscalationLevel[] =
    task.escalation_level === 'yellow' ? ['red'] : overdue ? ['yellow', 'red'] : ['yellow'];
  let role = task.role;
  let assigneeName = task.assignee_name;
  let applied = 0;
  for (const level of levels) {
    const rule = rules[level];
    // A step already with the target role stays with whoever holds it.
    const reassignTo = rule?.action === 'reassign' && rule.role !== role ? rule.role : undefined;
    if (rule) {
      const recorded = await repo.insertEscalation(tx, {
        id: uuidv7(),
        task_id: task.id,
        instance_id: task.instance_id,
        level,
        action: rule.action,
        department_id: task.department_id,
        department_name_zh: task.department_name_zh,
        department_name_en: task.department_name_en,
        role: rule.role,
        from_role: role,
        from_assignee_name: assigneeName,
        step_name_zh: task.name_zh,
        step_name_en: task.name_en,
        at,
      });
      if (recorded) {
        applied += 1;
        await outbox().enqueue(tx, 'workflow.task.escalated', {
          taskId: task.id,
          instanceId: task.instance_id,
          businessKey: task.business_key,
          level,
          action: rule.action,
          departmentId: task.department_id,
          role: rule.role,
        });
        await appendAudit(tx, {
          actorId: null,
          actorKind: 'system',
          action: 'workflow.task.escalate',
          subjectType: 'workflow_task',
          subjectId: task.id,
          details: {
            level,
            action: rule.action,
            role: rule.role,
            fromRole: role,
            reassigned: reassignTo !== undefined,
            instanceId: task.instance_id,
            businessKey: task.business_key,
          },
        });
      }
    }
    await repo.escalateTask(tx, task.id, level, reassignTo);
    if (reassignTo) {
      role = reassignTo;
      assigneeName = null;
    }
  }
  return applied;
}

/**
 * One tick of the escalation job at time `at`: claims due tasks in batches (FOR UPDATE SKIP LOCKED
 * on the task and its case, so two processes never escalate the same task and a case an officer
 * holds right now waits for the next tick) and escalates each in the batch's transaction.
 * Returns the escalations recorded. Tests call it with the test clock.
 */
export async function escalateDueTasks(db: Db, at: Date, batchSize = 50): Promise<number> {
  let total = 0;
  for (;;) {
    const { claimed, applied } = await inTransaction(db, async (tx) => {
      const tasks = await repo.claimEscalations(tx, at, batchSize);
      let n = 0;
      for (const task of tasks) n += await escalate(tx, task, at);
      return { claimed: tasks.length, applied: n };
    });
    total += applied;
    if (claimed < batchSize) return total;
  }
}
