import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  ItemFormResponse,
  ServiceFormParams,
  ValidateFormBody,
  ValidateFormResponse,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { requestLocale } from '../../platform/http-errors.ts';
import { appendAudit } from '../audit/index.ts';
import { getServiceItem } from '../catalogue/index.ts';
import { prefillFor } from './forms.prefill.ts';
import { getItemForm, validateApplicationData } from './forms.service.ts';

export async function formsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.platform;

  async function itemIdOf(idOrCode: string): Promise<string> {
    const item = await getServiceItem(db, idOrCode);
    if (!item) throw new AppError('SERVICE_NOT_FOUND');
    return item.id;
  }

  app.get(
    '/services/:idOrCode/form',
    {
      schema: {
        tags: ['forms'],
        summary: "The service's application form: JSON Schema, uiSchema, fields, and pre-fill when signed in",
        description:
          'Public. Titles are in the Accept-Language language. A signed-in citizen or enterprise also gets ' +
          '`prefill` from their profile and earlier applications (an audited read of personal data).',
        params: ServiceFormParams,
        response: { 200: ItemFormResponse, 404: ErrorBody },
      },
    },
    async (req) => {
      const itemId = await itemIdOf(req.params.idOrCode);
      const form = await getItemForm(db, itemId, requestLocale(req));
      const actor = req.actor;
      if (!actor || actor.kind === 'staff') return { ...form, prefill: null };
      const prefill = await inTransaction(db, async (tx) => {
        const found = await prefillFor(tx, itemId, actor.accountId);
        await appendAudit(tx, {
          actorId: actor.accountId,
          actorKind: actor.kind,
          action: 'forms.prefill',
          subjectType: 'account',
          subjectId: actor.accountId,
          personalData: true,
          details: { itemId, fields: Object.keys(found.sources) },
        });
        return found;
      });
      return { ...form, prefill };
    },
  );

  app.post(
    '/services/:idOrCode/form/validate',
    {
      schema: {
        tags: ['forms'],
        summary: 'Check form data against the service form; every field error at once',
        description: 'Public; stores nothing. An empty `errors` list means the data is valid.',
        params: ServiceFormParams,
        body: ValidateFormBody,
        response: { 200: ValidateFormResponse, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const itemId = await itemIdOf(req.params.idOrCode);
      return { errors: await validateApplicationData(db, itemId, req.body.data, requestLocale(req)) };
    },
  );
}
