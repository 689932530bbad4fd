import type { Actor } from '../../platform/auth.ts';

/** Who may manage signing keys: a dept_admin of the owning department (platform keys: the CLI only). */

/** The departments whose keys the actor manages. */
export function keyDepartments(actor: Actor): string[] {
  return [...new Set(actor.roles.filter((r) => r.role === 'dept_admin').map((r) => r.departmentId))];
}

export function mayManageKeys(actor: Actor, owner: string): boolean {
  return owner !== 'platform' && keyDepartments(actor).includes(owner);
}
