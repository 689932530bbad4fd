import type { SessionResolver } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import type { TongbanModule } from '../../platform/module.ts';
import { useStaffAccountCheck } from '../org/index.ts';
import { authorizationRoutes } from './authorizations.routes.ts';
import { isStaffAccount } from './identity.accounts.ts';
import { useFieldCipher } from './identity.keys.ts';
import { reindexLogins } from './identity.reindex.ts';
import { identityRetention } from './identity.retention.ts';
import { identityRoutes } from './identity.routes.ts';
import { resolveSession, SESSION_COOKIE } from './identity.sessions.ts';

export type { Profile } from '@tongban/contracts';
export type { NewAccount } from './identity.accounts.ts';
export { findAccountByIdentifier, getAccountName, getProfile } from './identity.accounts.ts';
// Assisted filing (代办), for the applications module: who may file for whom, checked on every action.
export {
  authorizationForm,
  authorizeCounterFiling,
  bindCounterAuthorization,
  confirmProxyAuthority,
  type ProxyAuthority,
} from './identity.authorizations.ts';

import { sealPlainContactFields } from './identity.seal-plain.ts';

export type { DemoAccount } from './identity.seed.ts';
export { DEMO_CITIZEN_ID, DEMO_CREDIT_CODE, DEMO_PASSWORD, seedDemoAccounts } from './identity.seed.ts';
export { createAccount } from './identity.service.ts';
export { SESSION_COOKIE } from './identity.sessions.ts';

export const identityModule: TongbanModule = {
  name: 'identity',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  retention: identityRetention,
  fileReferences: [{ table: 'identity_authorizations', column: 'form_sha256' }],
  reindex: reindexLogins,
  encryptedColumns: [
    {
      table: 'identity_profiles',
      key: 'account_id',
      columns: [
        'id_number_enc',
        'phone_enc',
        'credit_code_enc',
        'email_enc',
        'address_enc',
        'legal_rep_name_enc',
      ],
    },
  ],
  routes: async (app) => {
    await identityRoutes(app);
    await authorizationRoutes(app);
  },
  // Contact fields an older version stored plain are sealed in the background (identity.seal-plain.ts).
  async start(ctx) {
    const pass = sealPlainContactFields(ctx.db).then(
      (n) => n && ctx.log.info({ profiles: n }, 'sealed plain contact fields'),
      (err) => ctx.log.warn({ err }, 'sealing plain contact fields failed; the next start resumes'),
    );
    return async () => {
      await pass;
    };
  },
  // Runs once when the app is built: the field cipher for identifiers, and org's view of staff accounts.
  subscribe: (ctx) => {
    useFieldCipher(ctx.fields);
    useStaffAccountCheck(isStaffAccount);
  },
};

/** Resolves the actor of each request from its tb_session cookie (wired in app.ts). */
export function sessionResolver(ctx: PlatformContext): SessionResolver {
  return async (req) => resolveSession(ctx, req.cookies?.[SESSION_COOKIE]);
}
