import { type Actor, hasRole } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';

/** Only an administrator of the department itself grants or withdraws its staff roles. */
export function assertCanManageStaffRoles(actor: Actor, departmentId: string): void {
  if (actor.kind !== 'staff' || !hasRole(actor, 'dept_admin', departmentId)) throw new AppError('FORBIDDEN');
}
