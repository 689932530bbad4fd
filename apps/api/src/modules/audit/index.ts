import type { TongbanModule } from '../../platform/module.ts';

export const auditModule: TongbanModule = {
  name: 'audit',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
};
