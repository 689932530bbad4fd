import type { CompleteTaskBody } from '@tongban/contracts';
import type { Db } from '../../platform/db.ts';

/**
 * What a task completion is about, for modules that own the case behind it. A guard throws an
 * AppError to refuse the completion (e.g. applications: a case suspended because materials it owes
 * were not supplied cannot be approved); it runs inside the completing transaction, after the
 * instance is locked and the officer's permission checked, and must only read.
 */
export interface TaskCompletionAttempt {
  instanceId: string;
  businessKey: string;
  taskId: string;
  outcome: CompleteTaskBody['outcome'];
}

export type TaskCompletionGuard = (tx: Db, attempt: TaskCompletionAttempt) => Promise<void>;

// By name, so an app built twice in one process (tests) keeps one guard per module.
const guards = new Map<string, TaskCompletionGuard>();

/** Lets a higher module veto completions (registered at its subscribe; workflow imports no module). */
export function useTaskCompletionGuard(name: string, guard: TaskCompletionGuard): void {
  guards.set(name, guard);
}

export async function guardCompletion(tx: Db, attempt: TaskCompletionAttempt): Promise<void> {
  for (const guard of guards.values()) await guard(tx, attempt);
}
