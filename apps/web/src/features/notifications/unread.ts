import { useSyncExternalStore } from 'react';
import { api } from '../../api/client.ts';

// One unread count for the whole page: the bell shows it, the notifications page changes it.
let count: number | null = null;
let inflight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: number | null) {
  if (next === count) return;
  count = next;
  for (const l of listeners) l();
}

/** Asks the server again (coalesced: callers at the same moment share one request). */
export function refreshUnread(): Promise<void> {
  inflight ??= api<{ count: number }>('/me/notifications/unread-count', { allowUnauthenticated: true })
    .then((r) => set(r.count))
    // Signed out (401) or offline: no count rather than a stale one; polling must never leave the page.
    .catch(() => set(null))
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

export function clearUnread(): void {
  set(null);
}

export function useUnreadCount(): number | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => count,
  );
}
