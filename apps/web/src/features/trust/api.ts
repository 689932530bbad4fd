import type { SigningAlg, TrustKey, TrustKeyChange } from '@tongban/contracts';
import { api, newIdempotencyKey } from '../../api/client.ts';

export type { SigningAlg, TrustKey, TrustKeyChange };

export const SIGNING_ALGS: SigningAlg[] = ['EdDSA', 'ES256', 'SM2'];

const keys = '/admin/trust/keys';

/** A new active key for the department; its current key is retired (and still verifies). */
export function createKey(owner: string, alg: SigningAlg) {
  return api<TrustKey>(keys, { method: 'POST', body: { owner, alg }, idempotencyKey: newIdempotencyKey() });
}

export function rotateKey(kid: string) {
  return api<TrustKeyChange>(`${keys}/${encodeURIComponent(kid)}/rotate`, {
    method: 'POST',
    body: {},
    idempotencyKey: newIdempotencyKey(),
  });
}

export function markCompromised(kid: string, reason: string) {
  return api<TrustKeyChange>(`${keys}/${encodeURIComponent(kid)}/compromised`, {
    method: 'POST',
    body: reason ? { reason } : {},
    idempotencyKey: newIdempotencyKey(),
  });
}
