import { errorSpec, type FieldError, type Locale } from '@tongban/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from './errors.ts';
import { localeFrom } from './i18n.ts';
import { toFieldErrors } from './validation.ts';

export function requestLocale(req: FastifyRequest): Locale {
  return localeFrom(req.headers['accept-language']);
}

/** The catalogue's text for a code in the locale, with its parameters filled in. */
export function errorMessage(code: string, locale: Locale, params?: Record<string, string | number>): string {
  const spec = errorSpec(code) ?? errorSpec('INTERNAL_ERROR')!;
  let text = spec[locale];
  for (const [k, v] of Object.entries(params ?? {})) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

export function sendError(reply: FastifyReply, err: AppError, locale: Locale) {
  const spec = errorSpec(err.code);
  const status = spec?.status ?? 500;
  const body: { error: { code: string; message: string; details?: unknown[] } } = {
    error: { code: spec ? err.code : 'INTERNAL_ERROR', message: errorMessage(err.code, locale, err.params) },
  };
  if (err.details?.length) body.error.details = err.details;
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** Any error a route raised, as a catalogue error: Fastify's own (schema, JSON parsing, limits) mapped onto codes. */
export function toAppError(err: FastifyError, locale: Locale): AppError {
  if (isAppError(err)) return err;
  if (err.validation) {
    const part = err.validationContext && err.validationContext !== 'body' ? `/${err.validationContext}` : '';
    const details: FieldError[] = toFieldErrors(err.validation as never, locale, part);
    return new AppError('VALIDATION_FAILED', details);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return new AppError('FILE_TOO_LARGE');
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return new AppError('CSRF_TOKEN_INVALID');
  }
  if (err.statusCode === 429) return new AppError('RATE_LIMITED');
  if (err.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (err instanceof SyntaxError) return new AppError('MALFORMED_JSON');
  return new AppError('INTERNAL_ERROR');
}

/** One handler maps every error to `{ error: { code, message, details } }`; stacks go to the log only. */
export function installErrorHandling(app: FastifyInstance, spaFallback: boolean) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const locale = requestLocale(req);
    const appErr = toAppError(err, locale);
    if (appErr.code === 'INTERNAL_ERROR') req.log.error({ err }, 'unhandled error');
    else req.log.info({ code: appErr.code }, 'request failed');
    return sendError(reply, appErr, locale);
  });
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes of the web app: any other GET page path is answered with index.html.
    const page = req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/health');
    if (spaFallback && page) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return sendError(reply, new AppError('NOT_FOUND'), requestLocale(req));
  });
}
