// Test support for the exchange gateway's tests: a client system with its own key pair, registered
// through the admin API, that signs RFC 7523 client assertions and calls the gateway like a real one.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { TestClient } from '../../testing/harness.ts';
import { ASSERTION_TYPE, tokenEndpointUrl } from './exchange.auth.ts';

export interface TestSystem {
  id: string;
  clientId: string;
  key: CryptoKey;
  kid: string;
}

export async function newKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

/** Registers a client system of the admin's department with a fresh Ed25519 key. */
export async function registerSystem(admin: TestClient, clientId: string): Promise<TestSystem> {
  const kid = `${clientId}-k1`;
  const { privateKey, jwk } = await newKey(kid);
  const res = await admin.post('/api/v1/admin/exchange/clients', {
    clientId,
    nameZh: `${clientId} 系统`,
    nameEn: `${clientId} system`,
    jwks: { keys: [jwk] },
  });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().id, clientId, key: privateKey, kid };
}

export interface AssertionOptions {
  aud?: string;
  expiresInSeconds?: number;
  jti?: string;
  iss?: string;
  key?: CryptoKey;
}

export function assertion(app: FastifyInstance, s: TestSystem, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: s.kid })
    .setIssuer(o.iss ?? s.clientId)
    .setSubject(s.clientId)
    .setAudience(o.aud ?? tokenEndpointUrl(app.platform.config))
    .setIssuedAt(now)
    .setExpirationTime(now + (o.expiresInSeconds ?? 120))
    .setJti(o.jti ?? randomUUID())
    .sign(o.key ?? s.key);
}

/** POSTs a form-encoded token request, as OAuth clients do. */
export function tokenRequest(app: FastifyInstance, clientAssertion: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/exchange/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: clientAssertion,
    }).toString(),
  });
}

export async function accessToken(app: FastifyInstance, s: TestSystem): Promise<string> {
  const res = await tokenRequest(app, await assertion(app, s));
  assert.equal(res.statusCode, 200, res.body);
  return res.json().access_token;
}

export function machinePost(app: FastifyInstance, url: string, token: string | undefined, payload: object) {
  return app.inject({
    method: 'POST',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload,
  });
}
