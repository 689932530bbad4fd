import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AdminDepartmentQuery,
  ClientIdParams,
  ClientJwksBody,
  ClientList,
  ClientView,
  DatasetCodeParams,
  DatasetList,
  DatasetView,
  ExchangeConsentRequestBody,
  ExchangeConsentRequestCreated,
  ExchangeRequestBody,
  ExchangeResponse,
  PublishDatasetBody,
  RegisterClientBody,
  TokenRequest,
  TokenResponse,
  TrafficPage,
  TrafficQuery,
} from '@tongban/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor, requireRole } from '../../platform/auth.ts';
import { requestLocale } from '../../platform/http-errors.ts';
import {
  changeClient,
  clientOfMyDepartment,
  listClients,
  registerClient,
  traffic,
} from './exchange.admin.ts';
import { authenticateClient, issueToken, rateLimitKey } from './exchange.auth.ts';
import { publishDatasetAs, retireDatasetAs } from './exchange.datasets.ts';
import { bearerErrorHandler, tokenErrorHandler } from './exchange.oauth-errors.ts';
import { listDatasets, presentDataset, requestConsent, requestData } from './exchange.service.ts';

const tags = ['exchange'];

/**
 * The gateway's machine routes (client systems: bearer tokens, no cookies, no CSRF, limited per
 * client) and the department admin's routes (datasets, clients, traffic).
 */
export async function exchangeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;

  // RFC 6749 token requests are form-encoded; JSON is accepted too.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const machine = {
    csrf: false,
    // A replayed answer would hand one client another's data or token: clients retry by themselves.
    idempotency: false,
    rateLimit: {
      max: ctx.config.exchangeRateLimitPerMinute,
      timeWindow: '1 minute',
      keyGenerator: (req: FastifyRequest) => rateLimitKey(ctx.db, req.headers.authorization, req.ip),
    },
  };
  const client = (req: FastifyRequest) => authenticateClient(ctx.db, req.headers.authorization, ctx.now());

  app.post(
    '/exchange/token',
    {
      config: machine,
      errorHandler: tokenErrorHandler,
      schema: {
        tags,
        summary:
          'OAuth 2.0 client credentials with a private_key_jwt client assertion (RFC 7523) → access token; errors as RFC 6749 §5.2',
        body: TokenRequest,
        response: { 200: TokenResponse },
      },
    },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await issueToken(ctx, req.body)),
  );

  app.post(
    '/exchange/requests',
    {
      config: machine,
      errorHandler: bearerErrorHandler,
      schema: {
        tags,
        summary:
          'Ask for fields of a dataset about one subject for a purpose (Bearer token); the answer is signed',
        body: ExchangeRequestBody,
        response: { 200: ExchangeResponse },
      },
    },
    async (req) => requestData(ctx, await client(req), req.body),
  );

  app.post(
    '/exchange/consent-requests',
    {
      config: machine,
      errorHandler: bearerErrorHandler,
      schema: {
        tags,
        summary: "Ask a subject's consent (Bearer token); the subject answers in the portal",
        body: ExchangeConsentRequestBody,
        response: { 201: ExchangeConsentRequestCreated },
      },
    },
    async (req, reply) => {
      const c = await client(req);
      return reply.code(201).send(await requestConsent(ctx, c, req.body, { id: c.id, kind: 'system' }));
    },
  );

  app.get(
    '/exchange/datasets',
    {
      schema: {
        tags,
        summary: 'The dataset catalogue (staff), optionally of one owner department',
        querystring: AdminDepartmentQuery,
        response: { 200: DatasetList },
      },
    },
    async (req) => {
      requireActor(req, 'staff');
      return { items: await listDatasets(ctx.db, req.query.departmentId) };
    },
  );

  app.put(
    '/admin/exchange/datasets/:code',
    {
      schema: {
        tags,
        summary:
          "Publish a dataset of my department in the catalogue, or its next version (department admins); fields from the data dictionary, purposes with their legal bases, an internal handler or a department system's OpenAPI operation",
        params: DatasetCodeParams,
        body: PublishDatasetBody,
        response: { 200: DatasetView },
      },
    },
    async (req) =>
      presentDataset(
        await publishDatasetAs(
          ctx,
          requireRole(req, 'dept_admin'),
          req.params.code,
          req.body,
          requestLocale(req),
        ),
      ),
  );

  app.post(
    '/admin/exchange/datasets/:code/retire',
    {
      schema: {
        tags,
        summary:
          'Retire a dataset of my department: new requests are refused from now on (department admins)',
        params: DatasetCodeParams,
        response: { 200: DatasetView },
      },
    },
    async (req) =>
      presentDataset(await retireDatasetAs(ctx, requireRole(req, 'dept_admin'), req.params.code)),
  );

  app.get(
    '/admin/exchange/clients',
    {
      schema: {
        tags,
        summary: "My department's client systems (department admins)",
        querystring: AdminDepartmentQuery,
        response: { 200: ClientList },
      },
    },
    async (req) => listClients(ctx, requireRole(req, 'dept_admin'), req.query.departmentId),
  );

  app.post(
    '/admin/exchange/clients',
    {
      schema: {
        tags,
        summary: 'Register a client system of my department with its public JWKS (department admins)',
        body: RegisterClientBody,
        response: { 201: ClientView },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await registerClient(ctx, requireRole(req, 'dept_admin'), req.body)),
  );

  app.put(
    '/admin/exchange/clients/:id/jwks',
    {
      schema: {
        tags,
        summary: "Replace a client's public JWKS (key rotation)",
        params: ClientIdParams,
        body: ClientJwksBody,
        response: { 200: ClientView },
      },
    },
    async (req) => changeClient(ctx, requireRole(req, 'dept_admin'), req.params.id, { jwks: req.body.jwks }),
  );

  for (const [verb, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(
      `/admin/exchange/clients/:id/${verb}`,
      {
        schema: {
          tags,
          summary: `${verb === 'disable' ? 'Disable' : 'Re-enable'} a client system (its tokens stop working at once)`,
          params: ClientIdParams,
          response: { 200: ClientView },
        },
      },
      async (req) => changeClient(ctx, requireRole(req, 'dept_admin'), req.params.id, { status }),
    );
  }

  app.post(
    '/admin/exchange/clients/:id/consent-requests',
    {
      schema: {
        tags,
        summary:
          "Ask a subject's consent on behalf of a client of my department (officers, department admins)",
        params: ClientIdParams,
        body: ExchangeConsentRequestBody,
        response: { 201: ExchangeConsentRequestCreated },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, 'officer', 'dept_admin');
      const c = await clientOfMyDepartment(ctx, actor, req.params.id, ['officer', 'dept_admin']);
      return reply
        .code(201)
        .send(await requestConsent(ctx, c, req.body, { id: actor.accountId, kind: 'staff' }));
    },
  );

  app.get(
    '/admin/exchange/traffic',
    {
      schema: {
        tags,
        summary: "My department's exchange traffic: requests its clients made and its datasets answered",
        querystring: TrafficQuery,
        response: { 200: TrafficPage },
      },
    },
    async (req) => traffic(ctx, requireRole(req, 'dept_admin'), req.query),
  );
}
