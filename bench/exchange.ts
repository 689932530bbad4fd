// Exchange gateway requests/s over HTTP, the whole path: bearer token → client, dataset and purpose
// checks, the subject found by blind index, the legal basis, the data read through the identity
// module, masking, the providing department's JWS signature, the request row and two audit entries.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { DEMO_CITIZEN_ID } from '../apps/api/src/modules/identity/index.ts';
import { type HttpRate, type PlannedRequest, walk } from './load.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const CLIENT = 'hpf-withdrawal';

/** A demo client system: its private key (written by the demo seed) signs the RFC 7523 assertion. */
async function accessToken(baseUrl: string, dataDir: string): Promise<string> {
  const jwk = JSON.parse(
    readFileSync(path.join(dataDir, 'exchange-demo-keys', `${CLIENT}.jwk.json`), 'utf8'),
  );
  const key = await importJWK(jwk, 'EdDSA');
  // The assertion's audience is the token endpoint at the server's PUBLIC_URL (default http://localhost:<port>).
  const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${new URL(baseUrl).port}`;
  const tokenUrl = new URL('/api/v1/exchange/token', publicUrl).toString();
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid })
    .setIssuer(CLIENT)
    .setSubject(CLIENT)
    .setAudience(tokenUrl)
    .setIssuedAt()
    .setExpirationTime('2m')
    .setJti(crypto.randomUUID())
    .sign(key);
  const res = await fetch(new URL('/api/v1/exchange/token', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
  if (!res.ok) throw new Error(`exchange token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * The housing fund's withdrawal system asking the household registration dataset about the demo
 * citizen under its legal basis, a fixed number of times over `CONNECTIONS` connections (the server's
 * EXCHANGE_RATE_LIMIT_PER_MINUTE must be out of the way).
 */
export async function measureExchangeRequests(
  baseUrl: string,
  dataDir: string,
  seconds: number,
): Promise<HttpRate> {
  const token = await accessToken(baseUrl, dataDir);
  const request: PlannedRequest = {
    method: 'POST',
    path: '/api/v1/exchange/requests',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      dataset: 'PSB-HOUSEHOLD',
      subject: { kind: 'citizen', idNumber: DEMO_CITIZEN_ID },
      purpose: 'HPF_WITHDRAWAL_CHECK',
      fields: ['name', 'idNumber', 'birthDate'],
    }),
  };
  const count = Math.max(400, Math.round(seconds * 120));
  return walk(
    'exchange requests (auth + consent check + fetch + mask + sign + audit)',
    baseUrl,
    Array(count).fill(request),
    CONNECTIONS,
  );
}
