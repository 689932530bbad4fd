import type { TongbanModule } from '../../platform/module.ts';

export const orgModule: TongbanModule = {
  name: 'org',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
};
