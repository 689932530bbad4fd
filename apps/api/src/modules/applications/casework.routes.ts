import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AcceptWithDeferralBody,
  ApplicationIdParams,
  ApplicationMaterial,
  ApplicationView,
  CaseView,
  ReturnForSupplementBody,
  SignCommitmentBody,
  UnmaskAnswer,
  UnmaskBody,
  WithdrawReturnBody,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth.ts';
import { getOwnApplication } from './applications.service.ts';
import { unmaskCaseValue } from './case-unmask.ts';
import { acceptWithDeferral, signCommitment, supplyDeferredMaterial } from './deferral.service.ts';
import { receiveMaterialUpload } from './material-upload.ts';
import { returnForSupplement, withdrawReturn } from './supplement.service.ts';

/** 容缺受理 and 补正: the officer's decisions about missing and wrong information, and the applicant's answers. */
export async function caseworkRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;
  const staff = { tags: ['cases'] };
  const applicant = { tags: ['applications'] };

  app.post(
    '/cases/:id/accept-with-deferral',
    {
      schema: {
        ...staff,
        summary:
          "Accept the case with non-critical materials missing (容缺受理): approves the window officer's acceptance step; the applicant owes them by the item's deadline",
        params: ApplicationIdParams,
        body: AcceptWithDeferralBody,
        response: { 200: CaseView },
      },
    },
    async (req) => acceptWithDeferral(ctx, requireActor(req, 'staff'), req.params.id, req.body),
  );

  app.post(
    '/cases/:id/return',
    {
      schema: {
        ...staff,
        summary:
          'Return the case for supplement (补正) naming the fields (JSON pointers) and materials to change, with a note',
        params: ApplicationIdParams,
        body: ReturnForSupplementBody,
        response: { 200: CaseView },
      },
    },
    async (req) => returnForSupplement(ctx, requireActor(req, 'staff'), req.params.id, req.body),
  );

  app.post(
    '/cases/:id/unmask',
    {
      schema: {
        ...staff,
        summary:
          'Show one masked answer of the case in full (显示完整), giving the reason; audited as personal.unmask',
        params: ApplicationIdParams,
        body: UnmaskBody,
        response: { 200: UnmaskAnswer },
      },
    },
    async (req) => unmaskCaseValue(ctx, requireActor(req, 'staff'), req.params.id, req.body),
  );

  app.post(
    '/cases/:id/return/withdraw',
    {
      schema: {
        ...staff,
        summary: 'Take a return for supplement back before the applicant resubmits: the step opens again',
        params: ApplicationIdParams,
        body: WithdrawReturnBody,
        response: { 200: CaseView },
      },
    },
    async (req) => withdrawReturn(ctx, requireActor(req, 'staff'), req.params.id, req.body.reason),
  );

  app.post(
    '/applications/:id/commitment',
    {
      schema: {
        ...applicant,
        summary:
          'Sign the commitment (承诺书) of a case accepted with materials owed, naming the SHA-256 of the text read',
        params: ApplicationIdParams,
        body: SignCommitmentBody,
        response: { 200: ApplicationView },
      },
    },
    async (req) => {
      const actor = requireActor(req, 'citizen', 'enterprise');
      await signCommitment(ctx, actor, req.params.id, req.body);
      return getOwnApplication(ctx, actor, req.params.id);
    },
  );

  app.post(
    '/applications/:id/deferred-materials',
    {
      schema: {
        ...applicant,
        summary:
          'Supply a material the case owes (multipart: materialCode, then file); the last one closes the gap and resumes a suspended case',
        consumes: ['multipart/form-data'],
        params: ApplicationIdParams,
        response: { 201: ApplicationMaterial },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, 'citizen', 'enterprise');
      const stored = await receiveMaterialUpload(req, (upload) =>
        supplyDeferredMaterial(ctx, actor, req.params.id, upload),
      );
      return reply.code(201).send(stored);
    },
  );
}
