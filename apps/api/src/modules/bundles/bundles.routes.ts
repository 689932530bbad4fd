import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ApplicationMaterial,
  BundleCaseIdParams,
  BundleCaseListQuery,
  BundleCaseMaterialParams,
  BundleCasePage,
  BundleCaseView,
  CreateBundleCaseBody,
  ErrorBody,
  SaveBundleDraftBody,
  WithdrawBundleBody,
} from '@tongban/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth.ts';
import { requestLocale } from '../../platform/http-errors.ts';
import { receiveMaterialUpload } from '../applications/index.ts';
import {
  createBundleCase,
  getOwnBundleCase,
  listOwnBundleCases,
  removeBundleMaterial,
  saveBundleDraft,
  uploadBundleMaterial,
} from './bundles.service.ts';
import { submitBundleCase, withdrawBundleCase } from './bundles.submission.ts';

const applicant = (req: FastifyRequest) => requireActor(req, 'citizen', 'enterprise');
const tags = ['bundles'];

/** The applicant's bundle applications (一件事): their own only. */
export async function bundlesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;

  app.post(
    '/bundle-cases',
    {
      schema: {
        tags,
        summary: 'Start a bundle application (一件事): the items chosen, required ones always',
        body: CreateBundleCaseBody,
        response: { 201: BundleCaseView, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (req, reply) => reply.code(201).send(await createBundleCase(ctx, applicant(req), req.body)),
  );

  app.get(
    '/bundle-cases',
    {
      schema: {
        tags,
        summary: 'My bundle applications, newest first',
        querystring: BundleCaseListQuery,
        response: { 200: BundleCasePage },
      },
    },
    async (req) => listOwnBundleCases(ctx, applicant(req), req.query),
  );

  app.get(
    '/bundle-cases/:id',
    {
      schema: {
        tags,
        summary: 'One bundle application: answers, materials, and each department’s case with its progress',
        params: BundleCaseIdParams,
        response: { 200: BundleCaseView, 404: ErrorBody },
      },
    },
    async (req) => getOwnBundleCase(ctx, applicant(req), req.params.id),
  );

  app.put(
    '/bundle-cases/:id/draft',
    {
      schema: {
        tags,
        summary: 'Save the chosen items and/or the answers of the one form (a draft may be incomplete)',
        params: BundleCaseIdParams,
        body: SaveBundleDraftBody,
        response: { 200: BundleCaseView, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => saveBundleDraft(ctx, applicant(req), req.params.id, req.body),
  );

  app.post(
    '/bundle-cases/:id/materials',
    {
      schema: {
        tags,
        summary:
          'Upload a material once for every chosen item that needs it (multipart: materialCode, then file)',
        consumes: ['multipart/form-data'],
        params: BundleCaseIdParams,
        response: { 201: ApplicationMaterial },
      },
    },
    async (req, reply) => {
      const actor = applicant(req);
      const stored = await receiveMaterialUpload(req, (upload) =>
        uploadBundleMaterial(ctx, actor, req.params.id, upload),
      );
      return reply.code(201).send(stored);
    },
  );

  app.delete(
    '/bundle-cases/:id/materials/:materialId',
    {
      schema: {
        tags,
        summary: 'Remove an uploaded material from a bundle draft',
        params: BundleCaseMaterialParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (req, reply) => {
      await removeBundleMaterial(ctx, applicant(req), req.params.id, req.params.materialId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/bundle-cases/:id/submit',
    {
      schema: {
        tags,
        summary:
          'Submit: one case per chosen item, each in its own department’s workflow, all or nothing (send an Idempotency-Key)',
        params: BundleCaseIdParams,
        response: { 200: BundleCaseView, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => submitBundleCase(ctx, applicant(req), req.params.id, requestLocale(req)),
  );

  app.post(
    '/bundle-cases/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw every case of the bundle that is still open (decided ones stay decided)',
        params: BundleCaseIdParams,
        body: WithdrawBundleBody,
        response: { 200: BundleCaseView, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => withdrawBundleCase(ctx, applicant(req), req.params.id, req.body.reason),
  );
}
