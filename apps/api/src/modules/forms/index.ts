import type { TongbanModule } from '../../platform/module.ts';

export const formsModule: TongbanModule = {
  name: 'forms',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
};
