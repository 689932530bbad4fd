import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ConsistencyProof,
  ConsistencyProofQuery,
  InclusionProof,
  InclusionProofQuery,
  LogEntriesPage,
  LogEntriesQuery,
  SignedTreeHead,
} from '@tongban/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consistencyProofFor, inclusionProofFor, logEntries, signedTreeHead } from './log.service.ts';

/** Anyone may audit the log, from any origin; answers change as the log grows, so caches stay short. */
function publicAnswer(reply: FastifyReply, maxAge: number): void {
  reply.header('access-control-allow-origin', '*');
  reply.header('cache-control', `public, max-age=${maxAge}`);
}

/** The transparency log's public API (RFC 9162 in JSON): no sign-in, the platform's rate limit. */
export async function logRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;
  const tags = ['trust'];

  app.get(
    '/trust/log/sth',
    {
      schema: {
        tags,
        summary:
          'The latest signed tree head of the transparency log (size, root hash, JWS by the platform key)',
        response: { 200: SignedTreeHead },
      },
    },
    async (_req, reply) => {
      publicAnswer(reply, 0);
      return signedTreeHead(ctx);
    },
  );

  app.get(
    '/trust/log/proof/inclusion',
    {
      schema: {
        tags,
        summary:
          'Inclusion proof (audit path) of a leaf, by leafHash or index, in the tree of treeSize leaves',
        querystring: InclusionProofQuery,
        response: { 200: InclusionProof },
      },
    },
    async (req, reply) => {
      const proof = await inclusionProofFor(ctx, req.query);
      // A proof for an explicit size never changes.
      publicAnswer(reply, req.query.treeSize === undefined ? 0 : 3600);
      return proof;
    },
  );

  app.get(
    '/trust/log/proof/consistency',
    {
      schema: {
        tags,
        summary: 'Consistency proof between the trees of first and second leaves',
        querystring: ConsistencyProofQuery,
        response: { 200: ConsistencyProof },
      },
    },
    async (req, reply) => {
      const proof = await consistencyProofFor(ctx.db, req.query.first, req.query.second);
      publicAnswer(reply, 3600);
      return proof;
    },
  );

  app.get(
    '/trust/log/entries',
    {
      schema: {
        tags,
        summary: 'Log entries start..end (inclusive), at most 1000 per request',
        querystring: LogEntriesQuery,
        response: { 200: LogEntriesPage },
      },
    },
    async (req, reply) => {
      const page = await logEntries(ctx.db, req.query.start, req.query.end);
      publicAnswer(reply, 3600);
      return page;
    },
  );
}
