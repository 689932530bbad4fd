import type { TongbanModule } from '../../platform/module.ts';

export const identityModule: TongbanModule = {
  name: 'identity',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
};

import type { SessionResolver } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';

/** Placeholder until sessions exist: nobody is signed in. */
export function sessionResolver(_ctx: PlatformContext): SessionResolver {
  return async () => null;
}
