import type { Db } from '../../platform/db.ts';
import * as auto from './automation.repository.ts';
import { graphOf } from './definitions.service.ts';
import { beginStep, endInstance, leave, settle } from './engine.ts';
import { type CountersignProgress, countersignProgress, countersignVerdict } from './multi-instance.ts';
import type * as repo from './workflow.repository.ts';

/**
 * After a signer of a countersign step approved or rejected (the instance row is locked, the
 * signer's task finished): the step passes (the other signers' open tasks are cancelled and the
 * token moves on), fails (the case is rejected), or waits for more signers. Returns how the
 * instance ended, if it did.
 */
export async function decideCountersign(
  tx: Db,
  instance: repo.InstanceRow,
  done: repo.TaskRow,
  at: Date,
): Promise<'approved' | 'rejected' | null> {
  const graph = await graphOf(tx, instance.definition_id);
  const verdict = await countersignVerdict(tx, graph, instance, done);
  if (verdict === 'pending') return null;
  if (verdict === 'fail') {
    await endInstance(tx, instance, 'rejected', at, 'officer');
    return 'rejected';
  }
  await auto.cancelOpenSignerTasks(tx, done.token_id, at);
  const step = beginStep(tx, graph, instance, at);
  step.decidedBy = 'officer';
  await leave(step, done.token_id, done.node_id);
  return (await settle(step)) ? 'approved' : null;
}

/** The progress of the countersign round a signer's task belongs to (n of m signed). */
export async function countersignOfTask(
  db: Db,
  task: repo.TaskRow,
  instance: Pick<repo.InstanceRow, 'definition_id' | 'status' | 'variables'>,
): Promise<CountersignProgress | null> {
  if (task.signer_slot === null || task.signer_slot === undefined) return null;
  const graph = await graphOf(db, instance.definition_id);
  const round = (await auto.signerTasksOf(db, task.token_id)).map((t) => ({ ...t, token_id: task.token_id }));
  return countersignProgress(graph, round, instance.status, instance.variables)[0] ?? null;
}
