import type { TongbanModule } from '../../platform/module.ts';
import { catalogueRoutes } from './catalogue.routes.ts';

export {
  type BundleDefinition,
  type BundleEntry,
  chooseBundleItems,
  getBundle,
  mergeBundleMaterials,
} from './catalogue.bundles.ts';
export { seedDemoCatalogue } from './catalogue.seed.ts';
export { getServiceItem, type ServiceDeferral, type ServiceItem } from './catalogue.service.ts';

export const catalogueModule: TongbanModule = {
  name: 'catalogue',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: catalogueRoutes,
};
