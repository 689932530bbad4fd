import { api } from '../../api/client.ts';

export function claimTask(taskId: string) {
  return api(`/tasks/${encodeURIComponent(taskId)}/claim`, { method: 'POST' });
}

/** confirm and flag close a post-approval review (stage `review`) of an automatic approval. */
export type Outcome = 'approve' | 'reject' | 'return' | 'confirm' | 'flag';

export function completeTask(taskId: string, outcome: Outcome, note: string, idempotencyKey: string) {
  return api(`/tasks/${encodeURIComponent(taskId)}/complete`, {
    method: 'POST',
    body: { outcome, note },
    idempotencyKey,
  });
}
