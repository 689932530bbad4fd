import type { TongbanModule } from '../../platform/module.ts';

export const catalogueModule: TongbanModule = {
  name: 'catalogue',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
};
