import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  BundleDetail,
  BundleListQuery,
  BundlePage,
  BundleParams,
  ErrorBody,
  ServiceCategories,
  ServiceDetail,
  ServiceListQuery,
  ServicePage,
  ServiceParams,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { getBundleDetail, listBundles } from './catalogue.bundles.ts';
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
    '/bundles',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Life-event bundles (一件事一次办): several items applied for with one form',
        description: 'Public. Each bundle lists its items in order, each required or optional.',
        querystring: BundleListQuery,
        response: { 200: BundlePage, 400: ErrorBody },
      },
    },
    async (req) => listBundles(db, req.query),
  );

  app.get(
    '/bundles/:code',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'The guide of one bundle: its items, which are optional, and the combined materials list',
        params: BundleParams,
        response: { 200: BundleDetail, 404: ErrorBody },
      },
    },
    async (req) => getBundleDetail(db, req.params.code),
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
