import type { TongbanModule } from '../../platform/module.ts';
import { subscribeApplications } from './applications.handlers.ts';
import { applicationsRoutes } from './applications.routes.ts';

export type {
  ApplicationStatusChanged,
  ApplicationSubmitted,
  ApplicationSupplemented,
  ApplicationWithdrawn,
} from './applications.events.ts';

export const applicationsModule: TongbanModule = {
  name: 'applications',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: applicationsRoutes,
  subscribe: subscribeApplications,
};
