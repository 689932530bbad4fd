import type { Actor } from '../../platform/auth.ts';

/** Who may do what with workflow tasks, definitions and calendars. */
export interface TaskAssignment {
  department_id: string;
  role: string;
  assignee_id: string | null;
  completed_by: string | null;
}

/** Work on a task (claim, complete): the actor holds the task's role in the task's department. */
export function mayWorkOn(actor: Actor, task: TaskAssignment): boolean {
  return (
    actor.kind === 'staff' &&
    actor.roles.some((r) => r.departmentId === task.department_id && r.role === task.role)
  );
}

/** See a task: whoever may work on it, or worked on it. */
export function mayView(actor: Actor, task: TaskAssignment): boolean {
  return (
    mayWorkOn(actor, task) || task.assignee_id === actor.accountId || task.completed_by === actor.accountId
  );
}

/** Calendars: a dept_admin of the region or of the city or province containing it (339000 covers 339001). */
export function mayManageCalendar(actor: Actor, regionCode: string): boolean {
  return actor.roles.some((r) => {
    if (r.role !== 'dept_admin') return false;
    const prefix = r.regionCode.replace(/0+$/, '');
    return regionCode.startsWith(prefix);
  });
}

/** The departments whose flagged post-approval reviews the actor follows up: those they head. */
export function headedDepartments(actor: Actor): string[] {
  return actor.roles.filter((r) => r.role === 'dept_head').map((r) => r.departmentId);
}
