import type { Actor } from '../../platform/auth.ts';

/** Who may do what with licences. */

/** Revoke, suspend or reinstate: a head or administrator of the issuing department. */
export function mayChangeStatus(actor: Actor, issuerDepartmentId: string): boolean {
  return actor.roles.some(
    (r) => (r.role === 'dept_head' || r.role === 'dept_admin') && r.departmentId === issuerDepartmentId,
  );
}

/** Issue directly through the VC API: an administrator or officer of the issuing department. */
export function mayIssue(actor: Actor, issuerDepartmentId: string): boolean {
  return actor.roles.some(
    (r) => (r.role === 'dept_admin' || r.role === 'officer') && r.departmentId === issuerDepartmentId,
  );
}
