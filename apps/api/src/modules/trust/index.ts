import type { TongbanModule } from '../../platform/module.ts';
import { keyCache } from './trust.keys.ts';
import { trustRoutes } from './trust.routes.ts';

export type { SigningAlg } from '../../platform/crypto.ts';
export { didDocumentOf, didFor, jwksOf } from './trust.did.ts';
export type { KeyStatus, TrustedKey } from './trust.keys.ts';
export { signBytesAs, signJwsAs, trustedKey, verifyJwsWithTrust } from './trust.keys.ts';
export { trustWellKnownRoutes } from './trust.routes.ts';
export { sealSvg } from './trust.seal-svg.ts';

export const trustModule: TongbanModule = {
  name: 'trust',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  async routes(app) {
    await trustRoutes(app);
  },
  // Every process keeps its cache of unsealed keys true (LISTEN tongban_trust_keys).
  async start(ctx) {
    const stops = [await keyCache(ctx).listen(ctx.listen)];
    return async () => {
      for (const stop of stops.reverse()) await stop();
    };
  },
};
