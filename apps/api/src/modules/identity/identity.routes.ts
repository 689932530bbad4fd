import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AccountAnswer,
  CitizenSignUpBody,
  EnterpriseSignUpBody,
  MeAnswer,
  SessionList,
  SessionParams,
  SignInBody,
} from '@tongban/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../../platform/auth.ts';
import { requestLocale } from '../../platform/http-errors.ts';
import { getMe, signIn, signUp } from './identity.service.ts';
import { type ClientInfo, listMySessions, revokeMySession, SESSION_COOKIE } from './identity.sessions.ts';

// Sign-in and sign-up are where passwords are guessed and identifiers probed: tight per-address limits.
// Answers that start a session carry the session cookie: never stored for idempotent replay.
const SIGN_IN_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' }, idempotency: false };
const SIGN_UP_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' }, idempotency: false };

function clientOf(req: FastifyRequest): ClientInfo {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

/** Sessions, sign-up, sign-in and the signed-in user's own data. */
export async function identityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: ctx.config.secureCookies,
  };
  const startSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
  const endSession = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, cookieOptions);

  app.post(
    '/auth/signup/citizen',
    {
      config: SIGN_UP_LIMIT,
      schema: {
        tags: ['identity'],
        summary: 'Sign up as a citizen with real name and resident ID number; signs in',
        body: CitizenSignUpBody,
        response: { 201: AccountAnswer },
      },
    },
    async (req, reply) => {
      const done = await signUp(ctx, { kind: 'citizen', ...req.body }, clientOf(req), requestLocale(req));
      startSession(reply, done.token);
      return reply.code(201).send({ account: done.account });
    },
  );

  app.post(
    '/auth/signup/enterprise',
    {
      config: SIGN_UP_LIMIT,
      schema: {
        tags: ['identity'],
        summary: 'Sign up as an enterprise with unified social credit code; signs in',
        body: EnterpriseSignUpBody,
        response: { 201: AccountAnswer },
      },
    },
    async (req, reply) => {
      const done = await signUp(ctx, { kind: 'enterprise', ...req.body }, clientOf(req), requestLocale(req));
      startSession(reply, done.token);
      return reply.code(201).send({ account: done.account });
    },
  );

  app.post(
    '/auth/signin',
    {
      config: SIGN_IN_LIMIT,
      schema: {
        tags: ['identity'],
        summary: 'Sign in with ID number, credit code or staff username; sets the tb_session cookie',
        body: SignInBody,
        response: { 200: AccountAnswer },
      },
    },
    async (req, reply) => {
      const done = await signIn(ctx, req.body, clientOf(req));
      startSession(reply, done.token);
      return { account: done.account };
    },
  );

  app.post(
    '/auth/signout',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign out: ends the current session and clears its cookie',
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      // Signing out without a live session is not an error: the cookie is cleared either way.
      if (req.actor) await revokeMySession(ctx, req.actor, req.actor.sessionId, 'account.signOut');
      endSession(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['identity'],
        summary: "The signed-in user's account, roles and full profile (audited read)",
        response: { 200: MeAnswer },
      },
    },
    async (req) => getMe(ctx, requireActor(req)),
  );

  app.get(
    '/me/sessions',
    {
      schema: {
        tags: ['identity'],
        summary: "The signed-in user's live sessions; the current one is marked",
        response: { 200: SessionList },
      },
    },
    async (req) => ({ items: await listMySessions(ctx, requireActor(req)), nextCursor: null }),
  );

  app.delete(
    '/me/sessions/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'End one of my sessions (for example on a lost phone)',
        params: SessionParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const { current } = await revokeMySession(ctx, requireActor(req), req.params.id, 'session.revoke');
      if (current) endSession(reply);
      return reply.code(204).send(null);
    },
  );
}
