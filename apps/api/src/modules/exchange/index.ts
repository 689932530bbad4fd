import type { TongbanModule } from '../../platform/module.ts';
import { exchangeRoutes } from './exchange.routes.ts';

export type { InternalHandler, SubjectRef } from './exchange.data.ts';
export { registerDataHandler } from './exchange.data.ts';
export { type DatasetDefinition, publishDataset } from './exchange.datasets.ts';
export { DEMO_CLIENTS, DEMO_DATASETS, seedDemoExchange } from './exchange.seed.ts';

export const exchangeModule: TongbanModule = {
  name: 'exchange',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: exchangeRoutes,
};
