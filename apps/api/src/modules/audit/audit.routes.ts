import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditEntriesPage, AuditEntriesQuery, AuditVerification } from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../platform/auth.ts';
import { inTransaction } from '../../platform/db.ts';
import { chainPending } from './audit.chainer.ts';
import { appendAudit, listAuditEntries, verifyAuditChain } from './audit.service.ts';

/** Auditors verify the chain and read entries; nobody else may (the log names who read whose data). */
export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.platform;

  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Recompute the audit hash chain and report the first broken link (auditors)',
        response: { 200: AuditVerification },
      },
    },
    async (req) => {
      requireRole(req, 'auditor');
      return verifyAuditChain(db);
    },
  );

  app.get(
    '/audit/entries',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first, filtered by subject or actor (auditors)',
        querystring: AuditEntriesQuery,
        response: { 200: AuditEntriesPage },
      },
    },
    async (req) => {
      const actor = requireRole(req, 'auditor');
      // Everything committed before the request is listed, chained.
      await chainPending(db);
      return inTransaction(db, async (tx) => {
        const page = await listAuditEntries(tx, req.query);
        // Reading the log reveals who handled whose data, so the read itself is recorded.
        await appendAudit(tx, {
          actorId: actor.accountId,
          actorKind: 'staff',
          action: 'audit.read',
          subjectType: req.query.subjectType ?? 'audit',
          subjectId: req.query.subjectId ?? '*',
          personalData: true,
          details: { returned: page.items.length },
        });
        return page;
      });
    },
  );
}
