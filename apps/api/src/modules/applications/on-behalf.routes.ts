import type { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ApplicationIdParams,
  ApplicationListQuery,
  ApplicationPage,
  ApplicationView,
} from '@tongban/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor, requireRole } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { StoredFile } from '../../platform/files.ts';
import { appendAudit } from '../audit/index.ts';
import { authorizationForm } from '../identity/index.ts';
import { involvedCase } from './cases.service.ts';
import { fileAtCounter, listFiledApplications } from './on-behalf.service.ts';

const FileBytes = Type.Unsafe<Readable>({
  type: 'string',
  format: 'binary',
  description: 'the scan as stored',
});
const COUNTER_FIELDS = ['serviceId', 'name', 'idNumber'] as const;

/**
 * Reads the counter filing as the workbench sends it (multipart: the fields serviceId, name and idNumber,
 * then optionally the scan of the signed authorization form as `file`, stored as it streams).
 */
async function readCounterFiling(req: FastifyRequest, ctx: PlatformContext) {
  const fields: Partial<Record<(typeof COUNTER_FIELDS)[number], string>> = {};
  let form: (StoredFile & { fileName: string }) | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      const name = COUNTER_FIELDS.find((f) => f === part.fieldname);
      if (name && typeof part.value === 'string') fields[name] = part.value.slice(0, 100);
      continue;
    }
    try {
      if (part.fieldname !== 'file' || !part.filename || form)
        throw new AppError('AUTHORIZATION_FORM_INVALID');
      form = { ...(await ctx.files.put(ctx.db, part.file, part.filename)), fileName: part.filename };
    } finally {
      // Whatever happened, the rest of the upload is read and dropped so the request ends cleanly.
      part.file.resume();
    }
  }
  const { serviceId, name, idNumber } = fields;
  if (!serviceId || !name || !idNumber) throw new AppError('AUTHORIZATION_FORM_INVALID');
  return { serviceId, name, idNumber, form };
}

/** Assisted filing (代办): the counter, the filer's list, the signed form for the case's officers. */
export async function onBehalfRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;

  app.post(
    '/counter/applications',
    {
      schema: {
        tags: ['cases'],
        summary:
          "A window officer starts a draft for a citizen at the counter (multipart: serviceId, name, idNumber, then the signed authorization form as file unless the citizen gave this department's window a standing authorization)",
        consumes: ['multipart/form-data'],
        response: { 201: ApplicationView },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, 'window');
      const filing = await readCounterFiling(req, ctx);
      return reply.code(201).send(await fileAtCounter(ctx, actor, filing));
    },
  );

  app.get(
    '/applications/filed',
    {
      schema: {
        tags: ['applications'],
        summary: 'Cases I filed for others (代办: family proxy or window officer), newest first',
        querystring: ApplicationListQuery,
        response: { 200: ApplicationPage },
      },
    },
    async (req) => listFiledApplications(ctx, requireActor(req, 'citizen', 'staff'), req.query),
  );

  app.get(
    '/cases/:id/authorization-form',
    {
      schema: {
        tags: ['cases'],
        summary:
          'The authorization form the applicant signed at the counter (officers of an involved department; audited)',
        params: ApplicationIdParams,
        produces: ['application/pdf', 'image/jpeg', 'image/png'],
        response: { 200: FileBytes },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, 'staff');
      const { row } = await involvedCase(ctx, actor, req.params.id);
      const file = row.filed_by ? await authorizationForm(ctx.db, row.filed_by.authorizationId) : undefined;
      if (!file) throw new AppError('AUTHORIZATION_NOT_FOUND');
      await inTransaction(ctx.db, (tx) =>
        appendAudit(tx, {
          actorId: actor.accountId,
          actorKind: 'staff',
          action: 'case.authorizationForm.download',
          subjectType: 'application',
          subjectId: row.id,
          personalData: true,
          dataSubjectId: row.applicant_id,
          purpose: 'case.review',
          details: { caseNumber: row.case_number, authorizationId: row.filed_by?.authorizationId },
        }),
      );
      return reply
        .type(file.mimeType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('cache-control', 'private, no-store')
        .send(ctx.files.open(file.sha256));
    },
  );
}
