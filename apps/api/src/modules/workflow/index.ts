import type { TongbanModule } from '../../platform/module.ts';

export const workflowModule: TongbanModule = {
  name: 'workflow',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
};
