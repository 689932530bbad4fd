import type { ClientView } from '@tongban/contracts';
import { api } from '../../api/client.ts';

/** A JWKS pasted by the administrator: JSON with a `keys` array (what the server then checks in full). */
export function parseJwks(text: string): { keys: Record<string, unknown>[] } | null {
  try {
    const parsed = JSON.parse(text) as { keys?: unknown };
    return Array.isArray(parsed.keys) && parsed.keys.length > 0
      ? (parsed as { keys: Record<string, unknown>[] })
      : null;
  } catch {
    return null;
  }
}

export function registerClient(body: {
  clientId: string;
  nameZh: string;
  nameEn: string;
  departmentId: string;
  jwks: { keys: Record<string, unknown>[] };
}) {
  return api<ClientView>('/admin/exchange/clients', { method: 'POST', body });
}

export function replaceJwks(id: string, jwks: { keys: Record<string, unknown>[] }) {
  return api<ClientView>(`/admin/exchange/clients/${id}/jwks`, { method: 'PUT', body: { jwks } });
}

export function setClientEnabled(id: string, enabled: boolean) {
  return api<ClientView>(`/admin/exchange/clients/${id}/${enabled ? 'enable' : 'disable'}`, {
    method: 'POST',
  });
}
