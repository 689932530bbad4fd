import type { CaseClock, Extension, ExtensionPage, StatutoryPauseKind } from '@tongban/contracts';
import { api, newIdempotencyKey } from '../../api/client.ts';

export type { CaseClock, Extension, ExtensionPage, StatutoryPauseKind };

export const STATUTORY_KINDS: StatutoryPauseKind[] = [
  'public_notice',
  'expert_review',
  'hearing',
  'on_site_inspection',
];

const task = (id: string) => `/tasks/${encodeURIComponent(id)}`;

// Each dialog takes one Idempotency-Key when it opens, so a retried confirm is not a second action.

export function pauseClock(
  taskId: string,
  body: { kind: StatutoryPauseKind; reason: string; plannedDays?: number },
  idempotencyKey = newIdempotencyKey(),
) {
  return api<CaseClock>(`${task(taskId)}/pause`, { method: 'POST', body, idempotencyKey });
}

export function resumeClock(taskId: string, idempotencyKey = newIdempotencyKey()) {
  return api<CaseClock>(`${task(taskId)}/resume`, { method: 'POST', idempotencyKey });
}

export function requestExtension(
  taskId: string,
  body: { days: number; reason: string },
  idempotencyKey = newIdempotencyKey(),
) {
  return api<Extension>(`${task(taskId)}/extensions`, { method: 'POST', body, idempotencyKey });
}

export function decideExtension(
  id: string,
  approve: boolean,
  note: string,
  idempotencyKey = newIdempotencyKey(),
) {
  return api<Extension>(`/workflow/extensions/${encodeURIComponent(id)}/${approve ? 'approve' : 'refuse'}`, {
    method: 'POST',
    body: note ? { note } : {},
    idempotencyKey,
  });
}
