import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ApplicationIdParams } from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth.ts';
import { decisionNoticePdf } from './seal.decisions.ts';

/** The sealed decision notice of a case (applicant, their proxy, staff of the deciding department). */
export async function sealRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;

  app.get(
    '/applications/:id/decision-notice.pdf',
    {
      schema: {
        tags: ['trust'],
        summary:
          "The case's decision notice (准予/不予许可决定书) as a PDF sealed by the deciding department, its seal embedded",
        params: ApplicationIdParams,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const { pdf, fileName } = await decisionNoticePdf(ctx, requireActor(req), req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );
}
