import { createHash, randomBytes } from 'node:crypto';
import type { TokenRequest, TokenResponse } from '@tongban/contracts';
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from 'jose';
import type { Config } from '../../platform/config.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import {
  type ClientRow,
  findClient,
  findTokenClient,
  insertToken,
  purgeExpired,
  useAssertionId,
} from './exchange.repository.ts';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** RFC 7523 assertions must be short-lived: expiry at most five minutes ahead. */
const MAX_ASSERTION_SECONDS = 300;
/** Clock difference tolerated between the client and the gateway. */
const SKEW_SECONDS = 30;
/** Access tokens are opaque and live five minutes; a client asks again with a new assertion. */
export const TOKEN_SECONDS = 300;
const ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'PS256', 'RS256'];

/** The `aud` a client assertion must carry: this endpoint's public URL. */
export function tokenEndpointUrl(config: Config): string {
  return new URL('/api/v1/exchange/token', config.publicUrl).toString();
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const invalid = () => new AppError('EXCHANGE_CLIENT_ASSERTION_INVALID');

/**
 * OAuth 2.0 client credentials with private_key_jwt (RFC 7523 §2.2): the assertion is verified
 * against the client's registered JWKS (iss = sub = client_id, aud = the token endpoint, exp at most
 * five minutes ahead, jti used once) and an opaque random token is issued, stored only as its
 * SHA-256 so the table cannot be replayed; disabling the client voids its tokens at once.
 */
export async function issueToken(ctx: PlatformContext, body: TokenRequest): Promise<TokenResponse> {
  if (body.grant_type !== 'client_credentials' || body.client_assertion_type !== ASSERTION_TYPE) {
    throw new AppError('EXCHANGE_UNSUPPORTED_GRANT');
  }
  let claimed: string | undefined;
  try {
    claimed = decodeJwt(body.client_assertion).iss;
  } catch {
    throw invalid();
  }
  if (!claimed || (body.client_id !== undefined && body.client_id !== claimed)) throw invalid();
  const client = await findClient(ctx.db, { clientId: claimed });
  if (client?.status !== 'active') throw invalid();
  const now = ctx.now();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  let exp: number;
  let jti: string;
  try {
    const { payload } = await jwtVerify(
      body.client_assertion,
      createLocalJWKSet(client.jwks as JSONWebKeySet),
      {
        issuer: client.client_id,
        subject: client.client_id,
        audience: tokenEndpointUrl(ctx.config),
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'jti'],
        currentDate: now,
        clockTolerance: SKEW_SECONDS,
      },
    );
    exp = payload.exp as number;
    jti = String(payload.jti);
  } catch {
    throw invalid();
  }
  if (exp > nowSeconds + MAX_ASSERTION_SECONDS + SKEW_SECONDS || jti.length > 200) throw invalid();
  const token = randomBytes(32).toString('base64url');
  await inTransaction(ctx.db, async (tx) => {
    if (!(await useAssertionId(tx, client.client_id, jti, new Date((exp + SKEW_SECONDS) * 1000)))) {
      throw new AppError('EXCHANGE_CLIENT_ASSERTION_REPLAYED');
    }
    await insertToken(tx, tokenHash(token), client.id, new Date(now.getTime() + TOKEN_SECONDS * 1000));
    await appendAudit(tx, {
      actorId: client.id,
      actorKind: 'system',
      action: 'exchange.token',
      subjectType: 'exchange_client',
      subjectId: client.id,
      details: { clientId: client.client_id, departmentId: client.department_id, jti },
    });
  });
  await purgeExpired(ctx.db, now);
  return { access_token: token, token_type: 'Bearer', expires_in: TOKEN_SECONDS };
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? '');
  return m?.[1];
}

/** Which client a token belongs to, kept briefly so the rate limiter keys by client without a query each time. */
const clientOfToken = new Map<string, { clientId: string; until: number }>();

function remember(hash: string, clientId: string, until: number) {
  if (clientOfToken.size > 10_000) clientOfToken.clear();
  clientOfToken.set(hash, { clientId, until });
}

/** The active client calling with this bearer token, or EXCHANGE_TOKEN_INVALID. */
export async function authenticateClient(
  db: Db,
  authorization: string | undefined,
  now: Date,
): Promise<ClientRow> {
  const token = bearerToken(authorization);
  if (!token) throw new AppError('EXCHANGE_TOKEN_INVALID');
  const hash = tokenHash(token);
  const client = await findTokenClient(db, hash, now);
  if (!client) throw new AppError('EXCHANGE_TOKEN_INVALID');
  remember(hash, client.id, now.getTime() + TOKEN_SECONDS * 1000);
  return client;
}

/**
 * The rate-limit key of a machine request: its client (per-client limits), or its address when the
 * token is unknown (so invalid tokens are limited too).
 */
export async function rateLimitKey(db: Db, authorization: string | undefined, ip: string): Promise<string> {
  const token = bearerToken(authorization);
  if (!token) return `exchange-ip:${ip}`;
  const hash = tokenHash(token);
  const known = clientOfToken.get(hash);
  if (known && known.until > Date.now()) return `exchange-client:${known.clientId}`;
  const client = await findTokenClient(db, hash, new Date());
  if (!client) return `exchange-ip:${ip}`;
  remember(hash, client.id, Date.now() + TOKEN_SECONDS * 1000);
  return `exchange-client:${client.id}`;
}
