import type { TongbanModule } from '../../platform/module.ts';
import { consentRoutes } from './consent.routes.ts';

export type { NewConsentRequest } from './consent.service.ts';
export { createConsentRequest, findLiveConsent } from './consent.service.ts';

export const consentModule: TongbanModule = {
  name: 'consent',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: consentRoutes,
};
