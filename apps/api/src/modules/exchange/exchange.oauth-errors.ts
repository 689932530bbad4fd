import { errorSpec } from '@tongban/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { errorMessage, requestLocale, sendError, toAppError } from '../../platform/http-errors.ts';

/**
 * The token endpoint answers errors as RFC 6749 §5.2 says, so off-the-shelf OAuth client libraries
 * understand them: `{error, error_description}` (the description in the caller's language), with
 * the platform's stable code kept in `code` for our own clients and logs.
 */
const TOKEN_ERRORS: Record<string, { error: string; status: number }> = {
  EXCHANGE_UNSUPPORTED_GRANT: { error: 'unsupported_grant_type', status: 400 },
  EXCHANGE_CLIENT_ASSERTION_INVALID: { error: 'invalid_client', status: 401 },
  EXCHANGE_CLIENT_ASSERTION_REPLAYED: { error: 'invalid_client', status: 401 },
  VALIDATION_FAILED: { error: 'invalid_request', status: 400 },
  MALFORMED_JSON: { error: 'invalid_request', status: 400 },
  UNSUPPORTED_MEDIA_TYPE: { error: 'invalid_request', status: 400 },
  PAYLOAD_TOO_LARGE: { error: 'invalid_request', status: 400 },
  RATE_LIMITED: { error: 'temporarily_unavailable', status: 429 },
};

export function tokenErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const locale = requestLocale(req);
  let appErr = toAppError(err, locale);
  // Another grant's request (a password grant, say) fails the schema first; say what is wrong with it.
  const grant = (req.body as { grant_type?: unknown } | undefined)?.grant_type;
  if (appErr.code === 'VALIDATION_FAILED' && typeof grant === 'string' && grant !== 'client_credentials')
    appErr = new AppError('EXCHANGE_UNSUPPORTED_GRANT');
  const known = TOKEN_ERRORS[appErr.code];
  if (!known) req.log.error({ err }, 'token request failed');
  const code = known ? appErr.code : 'INTERNAL_ERROR';
  return reply
    .code(known?.status ?? errorSpec(code)?.status ?? 500)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({
      error: known?.error ?? 'server_error',
      error_description: errorMessage(code, locale, appErr.params),
      code,
    });
}

/**
 * The resource endpoints: an unusable bearer token gets RFC 6750 §3's challenge, so a client knows
 * to fetch a new token; every other refusal keeps the platform's coded error.
 */
export function bearerErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const locale = requestLocale(req);
  const appErr = toAppError(err, locale);
  if (appErr.code === 'EXCHANGE_TOKEN_INVALID')
    reply.header('www-authenticate', 'Bearer realm="tongban-exchange", error="invalid_token"');
  else if (appErr.code === 'INTERNAL_ERROR') req.log.error({ err }, 'exchange request failed');
  return sendError(reply, appErr, locale);
}
