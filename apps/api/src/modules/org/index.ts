import type { TongbanModule } from '../../platform/module.ts';
import { orgRoutes } from './org.routes.ts';

export type { StaffRole } from '../../platform/auth.ts';
export { seedDemoOrg } from './org.seed.ts';
export type { Department, StaffAccountCheck } from './org.service.ts';
export {
  accountsWithRole,
  assignRole,
  getDepartment,
  getDepartmentByCode,
  listDepartments,
  rolesOf,
  useStaffAccountCheck,
} from './org.service.ts';

export const orgModule: TongbanModule = {
  name: 'org',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: orgRoutes,
};
