import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorBody } from '@tongban/contracts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { installErrorHandling } from './http-errors.ts';
import { installMetrics } from './metrics.ts';
import { compileBody, paramAjv } from './validation.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false` for machine-to-machine routes that authenticate by a bearer token and never by the
     * session cookie (the exchange gateway): without ambient credentials there is nothing to forge.
     */
    csrf?: boolean;
  }
}

function trustProxySetting(value: string): FastifyServerOptions['trustProxy'] {
  if (value === '') return false;
  // A hop count: trust that many proxies nearest to this server.
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_addr: string, i: number) => i < hops;
  }
  return value.split(',').map((s) => s.trim());
}

/**
 * The Fastify instance with every cross-cutting concern installed, before any module:
 * request ids, strict validation, one error format, security headers, cookies, CSRF,
 * rate limits, uploads, metrics and the OpenAPI document.
 */
export async function createHttp(config: Config, log: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: trustProxySetting(config.trustProxy),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false } },
  });

  // Bodies are validated strictly (no coercion, unknown fields rejected); query and params coerce text.
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? compileBody(schema) : paramAjv.compile(schema),
  );
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  const webIndex = existsSync(path.join(config.webDistDir, 'index.html'));
  installErrorHandling(app, webIndex);
  if (webIndex) await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tongban API',
        version: '1',
        description:
          'One-stop government services. State-changing requests need the CSRF token from GET /api/v1/csrf-token ' +
          `in the ${CSRF_HEADER} header, and accept an Idempotency-Key header. Errors are { error: { code, message, details } }.`,
      },
      components: { schemas: { ErrorBody: ErrorBody as never } },
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie, { secret: config.cookieSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'tb_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: config.secureCookies },
    getToken: (req) => req.headers[CSRF_HEADER] as string | undefined,
  });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error('rate limited'), { statusCode: ctx.statusCode }),
  });
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10 } });

  // Double-submit CSRF check on every state-changing API call (cookie secret + header token).
  app.addHook('onRequest', (req, reply, done) => {
    if (!UNSAFE.has(req.method) || !req.url.startsWith('/api/')) return done();
    if (req.routeOptions.config?.csrf === false) return done();
    app.csrfProtection(req, reply, done);
  });
  app.get(
    '/api/v1/csrf-token',
    { schema: { tags: ['platform'], summary: 'Get a CSRF token for state-changing requests' } },
    async (_req, reply) => ({ token: reply.generateCsrf() }),
  );

  installMetrics(app);
  return app;
}
