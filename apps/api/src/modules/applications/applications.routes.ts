import type { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ApplicationIdParams,
  ApplicationListQuery,
  ApplicationMaterial,
  ApplicationMaterialCodeParams,
  ApplicationMaterialParams,
  ApplicationPage,
  ApplicationView,
  AttachLicenceBody,
  CaseView,
  CreateApplicationBody,
  LicenceChoices,
  ResubmitBody,
  SaveFormBody,
  WithdrawBody,
} from '@tongban/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../../platform/auth.ts';
import { requestLocale } from '../../platform/http-errors.ts';
import {
  createDraft,
  getOwnApplication,
  listOwnApplications,
  removeMaterial,
  saveDraftForm,
  uploadMaterial,
} from './applications.service.ts';
import { openCaseMaterial, readCase } from './cases.service.ts';
import { attachLicence, licenceChoices } from './licence-materials.service.ts';
import { receiveMaterialUpload } from './material-upload.ts';
import { createDraftOnBehalf } from './on-behalf.service.ts';
import { resubmitApplication, submitApplication, withdrawApplication } from './submission.service.ts';

/** A file answer: bytes streamed as stored, documented as binary in OpenAPI. */
const FileBytes = Type.Unsafe<Readable>({
  type: 'string',
  format: 'binary',
  description: 'the file as uploaded',
});

const applicant = (req: FastifyRequest) => requireActor(req, 'citizen', 'enterprise');
// The applicant, or whoever filed the application for them (代办, a window officer too): the policy decides.
const applicantOrFiler = (req: FastifyRequest) => requireActor(req);
const tags = ['applications'];

/** Applicant side (/applications: own applications only) and officer side (/cases). */
export async function applicationsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;

  app.post(
    '/applications',
    {
      schema: {
        tags,
        summary:
          'Start a draft application for a service; a family proxy adds onBehalfOf to start it for the citizen who authorized them',
        body: CreateApplicationBody,
        response: { 201: ApplicationView },
      },
    },
    async (req, reply) => {
      const { onBehalfOf, ...draft } = req.body;
      const created = onBehalfOf
        ? await createDraftOnBehalf(ctx, requireActor(req, 'citizen'), { ...draft, ...onBehalfOf })
        : await createDraft(ctx, applicant(req), draft);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/applications',
    {
      schema: {
        tags,
        summary: 'My applications, newest first',
        querystring: ApplicationListQuery,
        response: { 200: ApplicationPage },
      },
    },
    async (req) => listOwnApplications(ctx, applicant(req), req.query),
  );

  app.get(
    '/applications/:id',
    {
      schema: {
        tags,
        summary: 'One of my applications: answers, materials, checklist, progress and timeline',
        params: ApplicationIdParams,
        response: { 200: ApplicationView },
      },
    },
    async (req) => getOwnApplication(ctx, applicantOrFiler(req), req.params.id),
  );

  app.put(
    '/applications/:id/form',
    {
      schema: {
        tags,
        summary: 'Save the answers of a draft (or of an application returned for supplement)',
        params: ApplicationIdParams,
        body: SaveFormBody,
        response: { 200: ApplicationView },
      },
    },
    async (req) => saveDraftForm(ctx, applicantOrFiler(req), req.params.id, req.body.formData),
  );

  app.post(
    '/applications/:id/materials',
    {
      schema: {
        tags,
        summary:
          'Upload a material (multipart: materialCode, then file); PDF, JPEG or PNG checked from the bytes',
        consumes: ['multipart/form-data'],
        params: ApplicationIdParams,
        response: { 201: ApplicationMaterial },
      },
    },
    async (req, reply) => {
      const actor = applicantOrFiler(req);
      const stored = await receiveMaterialUpload(req, (upload) =>
        uploadMaterial(ctx, actor, req.params.id, upload),
      );
      return reply.code(201).send(stored);
    },
  );

  app.get(
    '/applications/:id/licence-choices',
    {
      schema: {
        tags,
        summary:
          'E-licences that may be used instead of uploads (免证办): per checklist entry, the types it accepts and the applicant’s valid licences of them (audited)',
        params: ApplicationIdParams,
        response: { 200: LicenceChoices },
      },
    },
    async (req) => licenceChoices(ctx, applicantOrFiler(req), req.params.id),
  );

  app.post(
    '/applications/:id/materials/:code/licence',
    {
      schema: {
        tags,
        summary:
          'Use one of the applicant’s e-licences for a checklist entry instead of an upload (免证办); verified now and again at submit',
        params: ApplicationMaterialCodeParams,
        body: AttachLicenceBody,
        response: { 201: ApplicationMaterial },
      },
    },
    async (req, reply) => {
      const material = await attachLicence(
        ctx,
        applicantOrFiler(req),
        req.params.id,
        req.params.code,
        req.body.licenceId,
      );
      return reply.code(201).send(material);
    },
  );

  app.delete(
    '/applications/:id/materials/:materialId',
    {
      schema: {
        tags,
        summary: 'Remove an uploaded material (or an e-licence used instead of one) from a draft',
        params: ApplicationMaterialParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (req, reply) => {
      await removeMaterial(ctx, applicantOrFiler(req), req.params.id, req.params.materialId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/applications/:id/submit',
    {
      schema: {
        tags,
        summary:
          'Submit a draft: checks every field and the critical materials, assigns the case number (send an Idempotency-Key)',
        params: ApplicationIdParams,
        response: { 200: ApplicationView },
      },
    },
    async (req) => submitApplication(ctx, applicantOrFiler(req), req.params.id, requestLocale(req)),
  );

  app.post(
    '/applications/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw an application that has no final decision yet',
        params: ApplicationIdParams,
        body: WithdrawBody,
        response: { 200: ApplicationView },
      },
    },
    async (req) => withdrawApplication(ctx, applicantOrFiler(req), req.params.id, req.body.reason),
  );

  app.post(
    '/applications/:id/resubmit',
    {
      schema: {
        tags,
        summary: 'Resubmit corrected answers after a return for supplement (补正)',
        params: ApplicationIdParams,
        body: ResubmitBody,
        response: { 200: ApplicationView },
      },
    },
    async (req) =>
      resubmitApplication(ctx, applicantOrFiler(req), req.params.id, req.body.formData, requestLocale(req)),
  );

  app.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary:
          'A case for an officer of an involved department (identifiers masked unless the role needs them; audited)',
        params: ApplicationIdParams,
        response: { 200: CaseView },
      },
    },
    async (req) => readCase(ctx, requireActor(req, 'staff'), req.params.id),
  );

  app.get(
    '/cases/:id/materials/:materialId/file',
    {
      schema: {
        tags: ['cases'],
        summary: 'Download a material of a case (officers of an involved department; audited)',
        params: ApplicationMaterialParams,
        produces: ['application/pdf', 'image/jpeg', 'image/png'],
        response: { 200: FileBytes },
      },
    },
    async (req, reply) => {
      const file = await openCaseMaterial(
        ctx,
        requireActor(req, 'staff'),
        req.params.id,
        req.params.materialId,
      );
      return reply
        .type(file.mimeType)
        .header('content-length', file.sizeBytes)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    },
  );
}
