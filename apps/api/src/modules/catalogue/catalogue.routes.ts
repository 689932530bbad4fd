import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  ServiceCategories,
  ServiceDetail,
  ServiceListQuery,
  ServicePage,
  ServiceParams,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { getServiceDetail, listServiceCategories, listServices } from './catalogue.service.ts';

/** The public catalogue: anyone may browse it without signing in. */
export async function catalogueRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.platform;

  app.get(
    '/services',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Search and browse service items',
        description: 'Public. `q` matches any part of the Chinese or English name or the code.',
        querystring: ServiceListQuery,
        response: { 200: ServicePage, 400: ErrorBody },
      },
    },
    async (req) => listServices(db, req.query),
  );

  app.get(
    '/services/:idOrCode',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'The service guide of one item (办事指南)',
        params: ServiceParams,
        response: { 200: ServiceDetail, 404: ErrorBody },
      },
    },
    async (req) => getServiceDetail(db, req.params.idOrCode),
  );

  app.get(
    '/service-categories',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Life events, departments and audiences to browse by, with item counts',
        response: { 200: ServiceCategories },
      },
    },
    async () => listServiceCategories(db),
  );
}
