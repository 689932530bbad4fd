import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CompromiseTrustKeyBody,
  CreateTrustKeyBody,
  DidDocument,
  Jwks,
  RotateTrustKeyBody,
  TrustKey,
  TrustKeyChange,
  TrustKeyPage,
  TrustKeyQuery,
  TrustKidParams,
  TrustOwnerParams,
} from '@tongban/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Actor, requireRole } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { didDocumentOf, jwksOf } from './trust.did.ts';
import {
  checkOwner,
  compromiseKey,
  findTrustedKey,
  listKeyPage,
  replaceActiveKey,
  type TrustedKey,
} from './trust.keys.ts';
import { keyDepartments, mayManageKeys } from './trust.policy.ts';

/** The wire shape of a key (contracts TrustKey). */
export function keyView(k: TrustedKey): TrustKey {
  return {
    kid: k.kid,
    owner: k.owner,
    alg: k.alg,
    status: k.status,
    publicJwk: k.publicJwk,
    createdAt: k.createdAt,
    retiredAt: k.retiredAt ?? null,
    compromisedAt: k.compromisedAt ?? null,
    createdBy: k.createdBy,
  };
}

/** Public key documents may be fetched by any verifier, from any origin. */
function publicDocument(reply: FastifyReply): void {
  reply.header('access-control-allow-origin', '*');
  reply.header('cache-control', 'public, max-age=60');
}

/** The key, when the actor manages its owner's keys; platform keys are for the CLI. */
async function managedKey(ctx: PlatformContext, actor: Actor, kid: string): Promise<TrustedKey> {
  const key = await findTrustedKey(ctx.db, kid);
  if (!key) throw new AppError('TRUST_KEY_NOT_FOUND');
  if (key.owner === 'platform') throw new AppError('TRUST_PLATFORM_KEY_CLI_ONLY');
  if (!mayManageKeys(actor, key.owner)) throw new AppError('FORBIDDEN');
  return key;
}

const staff = (actor: Actor) => ({ accountId: actor.accountId, kind: 'staff' as const });

/** Admin API (dept_admin of the owner) and the public JWKS under /api/v1. */
export async function trustRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;
  const tags = ['trust'];

  app.get(
    '/trust/jwks',
    {
      schema: {
        tags,
        summary: 'Every key that verifies signatures of this platform (active and retired), as a JWK Set',
        response: { 200: Jwks },
      },
    },
    async (_req, reply) => {
      publicDocument(reply);
      return jwksOf(ctx);
    },
  );

  app.get(
    '/trust/jwks/:owner',
    {
      schema: {
        tags,
        summary: "The verifying keys of one department (its id) or of the platform ('platform')",
        params: TrustOwnerParams,
        response: { 200: Jwks },
      },
    },
    async (req, reply) => {
      const owner = await checkOwner(ctx.db, req.params.owner);
      publicDocument(reply);
      return jwksOf(ctx, owner);
    },
  );

  app.get(
    '/admin/trust/keys',
    {
      schema: {
        tags,
        summary: 'Signing keys of the departments the caller administers, newest first (dept_admin)',
        querystring: TrustKeyQuery,
        response: { 200: TrustKeyPage },
      },
    },
    async (req) => {
      const actor = requireRole(req, 'dept_admin');
      const { owner, status, limit, cursor } = req.query;
      const departments = keyDepartments(actor);
      if (owner && !departments.includes(owner.toLowerCase())) throw new AppError('FORBIDDEN');
      const page = await listKeyPage(ctx.db, {
        owners: owner ? [owner.toLowerCase()] : departments,
        ...(status ? { status } : {}),
        ...(limit ? { limit } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.items.map(keyView), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/admin/trust/keys',
    {
      schema: {
        tags,
        summary:
          'Create a new active signing key for a department (dept_admin there); its current key is retired and still verifies',
        body: CreateTrustKeyBody,
        response: { 201: TrustKey },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, 'dept_admin');
      const owner = await checkOwner(ctx.db, req.body.owner);
      if (!mayManageKeys(actor, owner)) throw new AppError('FORBIDDEN');
      const change = await replaceActiveKey(ctx, staff(actor), owner, {
        ...(req.body.alg ? { alg: req.body.alg } : {}),
        action: 'trust.key.create',
      });
      return reply.code(201).send(keyView(change.active));
    },
  );

  app.post(
    '/admin/trust/keys/:kid/rotate',
    {
      schema: {
        tags,
        summary:
          'Rotate the active key: a new key (same algorithm unless given) becomes active, this one is retired (dept_admin)',
        params: TrustKidParams,
        body: RotateTrustKeyBody,
        response: { 201: TrustKeyChange },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, 'dept_admin');
      const key = await managedKey(ctx, actor, req.params.kid);
      const change = await replaceActiveKey(ctx, staff(actor), key.owner, {
        ...(req.body?.alg ? { alg: req.body.alg } : {}),
        expectKid: key.kid,
        action: 'trust.key.rotate',
      });
      return reply
        .code(201)
        .send({ key: keyView(change.retired ?? change.active), active: keyView(change.active) });
    },
  );

  app.post(
    '/admin/trust/keys/:kid/compromised',
    {
      schema: {
        tags,
        summary:
          'Mark a key compromised: nothing it signed verifies any more; if it was active a new key replaces it (dept_admin)',
        params: TrustKidParams,
        body: CompromiseTrustKeyBody,
        response: { 200: TrustKeyChange },
      },
    },
    async (req) => {
      const actor = requireRole(req, 'dept_admin');
      const key = await managedKey(ctx, actor, req.params.kid);
      const change = await compromiseKey(ctx, staff(actor), key.kid, req.body?.reason);
      return { key: keyView(change.key), active: change.active ? keyView(change.active) : null };
    },
  );
}

/** did:web documents, outside /api/v1 where the did:web method looks for them. */
export async function trustWellKnownRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;
  const tags = ['trust'];

  app.get(
    '/.well-known/did.json',
    {
      schema: {
        tags,
        summary: "The platform's did:web document (its verifying keys)",
        response: { 200: DidDocument },
      },
    },
    async (_req, reply) => {
      publicDocument(reply);
      return didDocumentOf(ctx, 'platform');
    },
  );

  app.get(
    '/dids/:owner/did.json',
    {
      schema: {
        tags,
        summary: "A department's did:web document (did:web:<host>:dids:<department id>)",
        params: TrustOwnerParams,
        response: { 200: DidDocument },
      },
    },
    async (req, reply) => {
      const owner = await checkOwner(ctx.db, req.params.owner);
      publicDocument(reply);
      return didDocumentOf(ctx, owner);
    },
  );
}
