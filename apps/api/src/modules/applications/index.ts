import type { TongbanModule } from '../../platform/module.ts';
import { subscribeApplications } from './applications.handlers.ts';
import { applicationsRoutes } from './applications.routes.ts';

export type {
  ApplicationStatusChanged,
  ApplicationSubmitted,
  ApplicationSupplemented,
  ApplicationWithdrawn,
} from './applications.events.ts';

// For the bundles module (一件事): file several cases in one transaction, withdraw them, show them.
export { applicantCaseViews, caseStatuses, storeMaterialFile } from './applications.service.ts';
export { caseYear } from './case-number.ts';
export { receiveMaterialUpload } from './material-upload.ts';
export { type PreparedMaterial, submitPrepared, withdrawOpenCase } from './submission.service.ts';

export const applicationsModule: TongbanModule = {
  name: 'applications',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: applicationsRoutes,
  subscribe: subscribeApplications,
};
