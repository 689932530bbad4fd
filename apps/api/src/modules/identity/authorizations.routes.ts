import type { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AuthorizationPage,
  AuthorizationParams,
  AuthorizationQuery,
  AuthorizationView,
  FamilyGrantBody,
  WindowGrantBody,
} from '@tongban/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../../platform/auth.ts';
import { requestLocale } from '../../platform/http-errors.ts';
import {
  grantFamily,
  grantWindow,
  listMyAuthorizations,
  openMyAuthorizationForm,
  revokeAuthorization,
} from './identity.authorizations.ts';

const tags = ['authorizations'];
// Granting looks a person up by name and ID number: a tight per-address limit against probing.
const GRANT_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const citizen = (req: FastifyRequest) => requireActor(req, 'citizen');

/** A citizen's authorizations for assisted filing (代办): give, list, revoke. */
export async function authorizationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;

  app.get(
    '/me/authorizations',
    {
      schema: {
        tags,
        summary: 'Authorizations I gave (direction=granted, default) or that name me as proxy (received)',
        querystring: AuthorizationQuery,
        response: { 200: AuthorizationPage },
      },
    },
    async (req) => listMyAuthorizations(ctx, citizen(req), req.query),
  );

  app.post(
    '/me/authorizations/family',
    {
      config: GRANT_LIMIT,
      schema: {
        tags,
        summary:
          'Let a family member (a citizen account, by real name and resident ID number) file for me within a scope and period',
        body: FamilyGrantBody,
        response: { 201: AuthorizationView },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await grantFamily(ctx, citizen(req), req.body, requestLocale(req))),
  );

  app.post(
    '/me/authorizations/window',
    {
      schema: {
        tags,
        summary: "Let a department's service window file for me at the counter (standing, scope and period)",
        body: WindowGrantBody,
        response: { 201: AuthorizationView },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await grantWindow(ctx, citizen(req), req.body, requestLocale(req))),
  );

  app.post(
    '/me/authorizations/:id/revoke',
    {
      schema: {
        tags,
        summary:
          'Revoke one of my authorizations, effective at once (drafts not yet submitted stop; submitted cases go on)',
        params: AuthorizationParams,
        response: { 200: AuthorizationView },
      },
    },
    async (req) => revokeAuthorization(ctx, citizen(req), req.params.id),
  );

  app.get(
    '/me/authorizations/:id/form',
    {
      schema: {
        tags,
        summary: 'Download the authorization form I signed at a counter (audited)',
        params: AuthorizationParams,
        produces: ['application/pdf', 'image/jpeg', 'image/png'],
        response: {
          200: Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'the scan as stored' }),
        },
      },
    },
    async (req, reply) => {
      const file = await openMyAuthorizationForm(ctx, citizen(req), req.params.id);
      return reply
        .type(file.mimeType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    },
  );
}
