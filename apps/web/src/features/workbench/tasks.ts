import { api } from '../../api/client.ts';

export function claimTask(taskId: string) {
  return api(`/tasks/${encodeURIComponent(taskId)}/claim`, { method: 'POST' });
}

export type Outcome = 'approve' | 'reject' | 'return';

export function completeTask(taskId: string, outcome: Outcome, note: string, idempotencyKey: string) {
  return api(`/tasks/${encodeURIComponent(taskId)}/complete`, {
    method: 'POST',
    body: { outcome, note },
    idempotencyKey,
  });
}
