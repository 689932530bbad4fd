import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  BundleFormQuery,
  BundleFormResponse,
  BundleParams,
  ErrorBody,
  ItemFormResponse,
  type Prefill,
  ServiceFormParams,
  ValidateBundleFormBody,
  ValidateFormBody,
  ValidateFormResponse,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/auth.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { requestLocale } from '../../platform/http-errors.ts';
import { appendAudit } from '../audit/index.ts';
import { chooseBundleItems, getBundle, getServiceItem } from '../catalogue/index.ts';
import {
  type BundleFormPart,
  bundlePrefillFor,
  checkBundleData,
  formPartsOf,
  getBundleForm,
} from './forms.bundle.ts';
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
      const prefill = await auditedPrefill(req.actor, { itemId }, (tx, accountId) =>
        prefillFor(tx, itemId, accountId),
      );
      return { ...form, prefill };
    },
  );

  /**
   * Pre-fill for a signed-in citizen or enterprise (null for anyone else): a read of their profile
   * and earlier answers, so it is audited in the same transaction.
   */
  async function auditedPrefill(
    actor: Actor | null,
    details: Record<string, unknown>,
    find: (tx: Db, accountId: string) => Promise<Prefill>,
  ): Promise<Prefill | null> {
    if (!actor || actor.kind === 'staff') return null;
    return inTransaction(db, async (tx) => {
      const found = await find(tx, actor.accountId);
      await appendAudit(tx, {
        actorId: actor.accountId,
        actorKind: actor.kind,
        action: 'forms.prefill',
        subjectType: 'account',
        subjectId: actor.accountId,
        personalData: true,
        details: { ...details, fields: Object.keys(found.sources) },
      });
      return found;
    });
  }

  async function bundleParts(code: string, items: string | undefined): Promise<BundleFormPart[]> {
    const bundle = await getBundle(db, code);
    if (!bundle) throw new AppError('BUNDLE_NOT_FOUND');
    return formPartsOf(chooseBundleItems(bundle, items?.split(',')));
  }

  app.get(
    '/bundles/:code/form',
    {
      schema: {
        tags: ['forms'],
        summary: 'One form for the chosen items of a bundle (一表通): shared fields once, then each item',
        description:
          'Public. `items` lists the chosen item codes (every item when absent; required ones cannot be ' +
          'left out). A dictionary field that several chosen items ask for appears once under ' +
          '`/shared/<code>`; the rest under `/<item code>/<section>/<key>`. A signed-in citizen or ' +
          'enterprise also gets `prefill` (an audited read of personal data).',
        params: BundleParams,
        querystring: BundleFormQuery,
        response: { 200: BundleFormResponse, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => {
      const parts = await bundleParts(req.params.code, req.query.items);
      const form = await getBundleForm(db, parts, requestLocale(req));
      const prefill = await auditedPrefill(
        req.actor,
        { bundleCode: req.params.code, items: parts.map((p) => p.code) },
        (tx, accountId) => bundlePrefillFor(tx, parts, accountId),
      );
      return {
        schema: form.schema,
        uiSchema: form.uiSchema,
        fields: form.fields,
        items: form.items,
        prefill,
      };
    },
  );

  app.post(
    '/bundles/:code/form/validate',
    {
      schema: {
        tags: ['forms'],
        summary: 'Check data against the combined form of the chosen items; every field error at once',
        description: 'Public; stores nothing. An empty `errors` list means the data is valid.',
        params: BundleParams,
        querystring: BundleFormQuery,
        body: ValidateBundleFormBody,
        response: { 200: ValidateFormResponse, 400: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => {
      const parts = await bundleParts(req.params.code, req.query.items);
      const { errors } = await checkBundleData(db, parts, req.body.data, requestLocale(req));
      return { errors };
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
