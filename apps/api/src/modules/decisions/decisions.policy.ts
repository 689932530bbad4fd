import type { Actor } from '../../platform/auth.ts';

/** Who may do what with decision tables and the evaluations they caused. */

/** The departments whose tables the actor administers (dept_admin there). */
export function administeredDepartments(actor: Actor): string[] {
  return [...new Set(actor.roles.filter((r) => r.role === 'dept_admin').map((r) => r.departmentId))];
}

/** Add versions to a table: a dept_admin of its owner department. */
export function mayAdminister(actor: Actor, ownerDepartmentId: string): boolean {
  return actor.roles.some((r) => r.role === 'dept_admin' && r.departmentId === ownerDepartmentId);
}

/**
 * Stored evaluations hold applicants' values: auditors see all of them; other staff only those
 * of tables their own departments own. `undefined` means every department.
 */
export function evaluationDepartments(actor: Actor): string[] | undefined {
  if (actor.roles.some((r) => r.role === 'auditor')) return undefined;
  return [...new Set(actor.roles.map((r) => r.departmentId))];
}

export function mayViewEvaluation(actor: Actor, ownerDepartmentId: string): boolean {
  const departments = evaluationDepartments(actor);
  return departments === undefined || departments.includes(ownerDepartmentId);
}
