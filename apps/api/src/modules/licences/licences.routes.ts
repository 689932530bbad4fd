import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  IssueCredentialBody,
  IssueCredentialResult,
  LicenceDetail,
  LicenceIdParams,
  LicenceListQuery,
  LicencePage,
  LicenceStatusBody,
  LicenceTypeList,
  PresentationBody,
  PresentationResult,
  StatusListParams,
  VerificationResult,
  VerifyCredentialBody,
  VerifyPresentationBody,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth.ts';
import { VC_MEDIA_TYPE } from './licences.credential.ts';
import { mayChangeStatus } from './licences.policy.ts';
import { findTypes } from './licences.repository.ts';
import { changeStatusAs } from './licences.service.ts';
import { publishedStatusList, verifyCredentialOnline, verifyPresentationOnline } from './licences.verify.ts';
import {
  issueDirect,
  listMyLicences,
  myCredential,
  myLicence,
  myLicencePdf,
  presentLicence,
} from './licences.wallet.ts';

const HOLDERS = ['citizen', 'enterprise'] as const;

/** Wallet (holders), status changes (issuer's heads), status lists and the VC API (public verify). */
export async function licencesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;
  const tags = ['licences'];

  app.get(
    '/licence-types',
    {
      schema: {
        tags,
        summary: 'Licence types: issuer, issuing items, validity, fields (public)',
        response: { 200: LicenceTypeList },
      },
    },
    async () => ({
      items: (await findTypes(ctx.db)).map((t) => ({
        code: t.code,
        nameZh: t.name_zh,
        nameEn: t.name_en,
        vcType: t.vc_type,
        departmentCode: t.department_code,
        itemCodes: t.item_codes,
        validityYears: t.validity_years,
        holderKind: t.holder_kind,
        fields: t.fields,
      })),
    }),
  );

  app.get(
    '/me/licences',
    {
      schema: {
        tags,
        summary: "The signed-in holder's licences, newest first; status valid/expired/suspended/revoked",
        querystring: LicenceListQuery,
        response: { 200: LicencePage },
      },
    },
    async (req) => listMyLicences(ctx, requireActor(req, ...HOLDERS), req.query),
  );

  app.get(
    '/me/licences/:id',
    {
      schema: {
        tags,
        summary: 'One of my licences: fields, issuer, number, dates, status (audited)',
        params: LicenceIdParams,
        response: { 200: LicenceDetail },
      },
    },
    async (req) => myLicence(ctx, requireActor(req, ...HOLDERS), req.params.id),
  );

  app.get(
    '/me/licences/:id/vc',
    {
      schema: {
        tags,
        summary: 'Download the licence as a W3C verifiable credential (application/vc+jwt)',
        params: LicenceIdParams,
      },
    },
    async (req, reply) => {
      const { jws, number } = await myCredential(ctx, requireActor(req, ...HOLDERS), req.params.id);
      return reply
        .type(VC_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="${number}.jwt"`)
        .header('cache-control', 'private, no-store')
        .send(jws);
    },
  );

  app.get(
    '/me/licences/:id/pdf',
    { schema: { tags, summary: 'Download the licence as a sealed PDF', params: LicenceIdParams } },
    async (req, reply) => {
      const { pdf, number } = await myLicencePdf(ctx, requireActor(req, ...HOLDERS), req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${number}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );

  app.post(
    '/me/licences/:id/presentations',
    {
      schema: {
        tags,
        summary:
          'Show a licence (亮证): a vp+jwt valid 2 minutes, bound to a nonce, and a compact licence-qr+jwt with its verify URL (qrUrl) for the QR code',
        params: LicenceIdParams,
        body: PresentationBody,
        response: { 201: PresentationResult },
      },
    },
    async (req, reply) => {
      const result = await presentLicence(
        ctx,
        requireActor(req, ...HOLDERS),
        req.params.id,
        req.body.challenge,
      );
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/licences/:id/status',
    {
      schema: {
        tags,
        summary:
          'Revoke, suspend or reinstate a licence with a reason (dept_head or dept_admin of the issuer)',
        params: LicenceIdParams,
        body: LicenceStatusBody,
        response: { 200: LicenceDetail },
      },
    },
    async (req) => {
      const actor = requireActor(req, 'staff');
      return changeStatusAs(ctx, actor, req.params.id, req.body.action, req.body.reason, (dept) =>
        mayChangeStatus(actor, dept),
      );
    },
  );

  app.get(
    '/status-lists/:dept/:purpose',
    {
      schema: {
        tags,
        summary: "An issuer's Bitstring Status List credential (application/vc+jwt; public, cacheable, ETag)",
        params: StatusListParams,
      },
    },
    async (req, reply) => {
      const { jws, etag } = await publishedStatusList(ctx, req.params.dept, req.params.purpose);
      reply.header('etag', etag).header('cache-control', 'public, max-age=60');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(VC_MEDIA_TYPE).send(jws);
    },
  );

  app.post(
    '/credentials/verify',
    {
      schema: {
        tags,
        summary: 'VC API: verify a credential (vc+jwt or EnvelopedVerifiableCredential); public',
        body: VerifyCredentialBody,
        response: { 200: VerificationResult },
      },
    },
    async (req) => verifyCredentialOnline(ctx, req.body.verifiableCredential),
  );

  app.post(
    '/presentations/verify',
    {
      schema: {
        tags,
        summary:
          "VC API: verify a shown presentation — a vp+jwt, or a QR code's compact licence-qr+jwt (told apart by typ; the issuer's credential is then fetched and checked in full): expiry, nonce (once), credential; public",
        body: VerifyPresentationBody,
        response: { 200: VerificationResult },
      },
    },
    async (req) =>
      verifyPresentationOnline(ctx, req.body.verifiablePresentation, req.body.options?.challenge),
  );

  app.post(
    '/credentials/issue',
    {
      schema: {
        tags,
        summary:
          "VC API: issue a licence of the department's type to a holder account (dept_admin or officer)",
        body: IssueCredentialBody,
        response: { 201: IssueCredentialResult },
      },
    },
    async (req, reply) => reply.code(201).send(await issueDirect(ctx, requireActor(req, 'staff'), req.body)),
  );
}
