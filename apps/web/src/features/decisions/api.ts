import type { DecisionTestRun, ImportDmnResult } from '@tongban/contracts';
import { api } from '../../api/client.ts';

export type { DecisionTableDetail, DecisionTableSummary, DecisionVersionDetail } from '@tongban/contracts';

export const tablePath = (key: string) => `/admin/decisions/${encodeURIComponent(key)}`;

export function testRun(key: string, version: number, context: Record<string, unknown>) {
  return api<DecisionTestRun>(`${tablePath(key)}/evaluate`, { method: 'POST', body: { context, version } });
}

export function importDmn(xml: string, ownerDepartmentCode: string | undefined, idempotencyKey: string) {
  return api<ImportDmnResult>('/admin/decisions/import', {
    method: 'POST',
    body: { xml, ...(ownerDepartmentCode ? { ownerDepartmentCode } : {}) },
    idempotencyKey,
  });
}
