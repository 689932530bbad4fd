import type { TongbanModule } from '../../platform/module.ts';

export const applicationsModule: TongbanModule = {
  name: 'applications',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
};
