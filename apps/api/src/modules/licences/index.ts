import type { TongbanModule } from '../../platform/module.ts';
import { subscribeLicences } from './licences.handlers.ts';
import { useFieldCipher } from './licences.keys.ts';
import { licencesRoutes } from './licences.routes.ts';

export type {
  OfflineTrust,
  PublicCredentialView,
  Verification,
  VerifierJwk,
} from './licences.credential.ts';
export { verifyCredentialOffline, verifyPresentationOffline } from './licences.credential.ts';
export { type QrPayload, verifyQrPresentationOffline } from './licences.qr.ts';
export type { LicenceTypeRow } from './licences.repository.ts';
export { findType as getLicenceType } from './licences.repository.ts';
export { issueLicence } from './licences.service.ts';
export { DEMO_LICENCE_TYPES, seedDemoLicenceTypes } from './licences.types.ts';
export { publishedStatusList, verifyCredentialOnline } from './licences.verify.ts';
export { type HeldLicence, holderLicences, licenceFieldsFor, verifyHeldLicence } from './licences.wallet.ts';

export const licencesModule: TongbanModule = {
  name: 'licences',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: licencesRoutes,
  // The signed credentials and the answers kept until approval hold personal data: rotated with the field keys.
  encryptedColumns: [
    { table: 'licences_licences', key: 'id', columns: ['jws_enc'] },
    { table: 'licences_pending', key: 'case_id', columns: ['fields_enc'] },
  ],
  subscribe: (ctx) => {
    useFieldCipher(ctx.fields);
    subscribeLicences(ctx);
  },
};
