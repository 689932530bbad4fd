import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ConsentIdParams,
  ConsentListQuery,
  ConsentPage,
  ConsentReceiptDocument,
  ConsentReceiptView,
  ConsentRequestListQuery,
  ConsentRequestPage,
  ConsentRequestView,
  DataUsagePage,
  DataUsageQuery,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth.ts';
import {
  consentReceiptDocument,
  dataUsage,
  declineConsent,
  grantConsent,
  listConsentRequests,
  listConsents,
  readConsent,
  readConsentRequest,
  revokeConsent,
} from './consent.service.ts';

const tags = ['consent'];

/**
 * The data subject's side: consent requests to answer, consents to list and revoke, and who used
 * their data. Only the subject sees their own (another account's answers as not found); staff
 * accounts have no consents (FORBIDDEN).
 */
export async function consentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;

  app.get(
    '/consents/requests/:id',
    {
      schema: {
        tags,
        summary: 'A consent request addressed to me: recipient, purpose, fields and retention',
        params: ConsentIdParams,
        response: { 200: ConsentRequestView },
      },
    },
    async (req) => readConsentRequest(ctx, requireActor(req), req.params.id),
  );

  app.post(
    '/consents/requests/:id/grant',
    {
      schema: {
        tags,
        summary: 'Grant the consent asked for: creates a consent receipt',
        params: ConsentIdParams,
        response: { 201: ConsentReceiptView },
      },
    },
    async (req, reply) => reply.code(201).send(await grantConsent(ctx, requireActor(req), req.params.id)),
  );

  app.post(
    '/consents/requests/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline a consent request',
        params: ConsentIdParams,
        response: { 200: ConsentRequestView },
      },
    },
    async (req) => declineConsent(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/me/consent-requests',
    {
      schema: {
        tags,
        summary: 'Consent requests addressed to me, newest first',
        querystring: ConsentRequestListQuery,
        response: { 200: ConsentRequestPage },
      },
    },
    async (req) => listConsentRequests(ctx, requireActor(req), req.query),
  );

  app.get(
    '/me/consents',
    {
      schema: {
        tags,
        summary: 'My consents (receipts), newest first',
        querystring: ConsentListQuery,
        response: { 200: ConsentPage },
      },
    },
    async (req) => listConsents(ctx, requireActor(req), req.query),
  );

  app.get(
    '/me/consents/:id',
    {
      schema: {
        tags,
        summary: 'One of my consents',
        params: ConsentIdParams,
        response: { 200: ConsentReceiptView },
      },
    },
    async (req) => readConsent(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/me/consents/:id/receipt',
    {
      schema: {
        tags,
        summary:
          'The consent receipt as a JSON document (Kantara Consent Receipt v1.1 structure), to download',
        params: ConsentIdParams,
        response: { 200: ConsentReceiptDocument },
      },
    },
    async (req, reply) => {
      const doc = await consentReceiptDocument(ctx, requireActor(req), req.params.id);
      return reply
        .header('content-disposition', `attachment; filename="consent-receipt-${req.params.id}.json"`)
        .send(doc);
    },
  );

  app.post(
    '/me/consents/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke one of my consents (refused from the next exchange request on)',
        params: ConsentIdParams,
        response: { 200: ConsentReceiptView },
      },
    },
    async (req) => revokeConsent(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/me/data-usage',
    {
      schema: {
        tags,
        summary: 'Who used my data: officer reads and exchange requests naming me, newest first',
        querystring: DataUsageQuery,
        response: { 200: DataUsagePage },
      },
    },
    async (req) => dataUsage(ctx, requireActor(req), req.query),
  );
}
