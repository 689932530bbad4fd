import type { Actor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import {
  type FieldSensitivity,
  type MaskedDocument,
  maskDocument,
  seesInFull,
  type Viewer,
} from '../../platform/masking.ts';
import type { ApplicationRow } from './applications.repository.ts';

/** Who may do what with an application, and what an officer may see of it. */

/**
 * An applicant sees only their own applications. Anyone else gets the same answer as for an id
 * that does not exist, so ids of other people's applications cannot be probed.
 */
export function assertOwner(actor: Actor, row: ApplicationRow | undefined): ApplicationRow {
  if (!row || row.applicant_id !== actor.accountId) throw new AppError('APPLICATION_NOT_FOUND');
  return row;
}

/**
 * Who the actor is to an application: its applicant, or the one who filed it for them (代办; the
 * filer must still hold the authorization, checked by the caller at the moment of acting). Anyone
 * else gets what they would get for an id that does not exist: applicants APPLICATION_NOT_FOUND,
 * staff FORBIDDEN (as for every applicant endpoint they have no case on).
 */
export function actingAs(actor: Actor, row: ApplicationRow | undefined): 'applicant' | 'filer' {
  if (row?.applicant_id === actor.accountId) return 'applicant';
  if (row?.filed_by && row.filed_by_account_id === actor.accountId) return 'filer';
  throw new AppError(actor.kind === 'staff' ? 'FORBIDDEN' : 'APPLICATION_NOT_FOUND');
}

export function assertAudience(actor: Actor, audience: 'citizen' | 'enterprise'): void {
  if (actor.kind !== audience) throw new AppError('APPLICATION_AUDIENCE_MISMATCH');
}

/** States in which the applicant may change answers and materials. */
export const EDITABLE = new Set(['draft', 'returned']);
/** States after which nothing can be undone (revoked: 容缺 materials never supplied, see deferral.job.ts). */
export const FINAL = new Set(['approved', 'rejected', 'withdrawn', 'revoked']);

/**
 * An officer reads a case only when one of their departments holds a task on it; otherwise the
 * case does not exist for them (same answer as a wrong id).
 */
export function assertInvolved(actor: Actor, involvedDepartmentIds: string[]): void {
  const mine = new Set(actor.roles.map((r) => r.departmentId));
  if (!involvedDepartmentIds.some((d) => mine.has(d))) throw new AppError('APPLICATION_NOT_FOUND');
}

export type { FieldSensitivity };

/**
 * An officer as a viewer of a case (platform/masking.ts decides what they see): the roles they hold
 * in the departments working on it.
 */
export function caseViewer(actor: Actor, involvedDepartmentIds: string[]): Viewer {
  const roles = actor.roles.filter((r) => involvedDepartmentIds.includes(r.departmentId)).map((r) => r.role);
  return { kind: 'staff', roles };
}

/** Front-desk and reviewing officers of an involved department need identifiers in full; others see them masked. */
export function seesFullIdentifiers(actor: Actor, involvedDepartmentIds: string[]): boolean {
  return seesInFull(caseViewer(actor, involvedDepartmentIds));
}

/** The form answers as this officer sees them, with the pointers of what was masked. */
export function maskedForm(
  actor: Actor,
  involvedDepartmentIds: string[],
  data: Record<string, unknown>,
  fields: FieldSensitivity[],
): MaskedDocument & { data: Record<string, unknown> } {
  const shown = maskDocument(caseViewer(actor, involvedDepartmentIds), data, fields);
  return { data: shown.data as Record<string, unknown>, maskedPointers: shown.maskedPointers };
}

// A staff member whose role does not need identifiers in full.
const MASKED_STAFF: Viewer = { kind: 'staff', roles: [] };

/**
 * A copy of the form data with identifiers masked: ID numbers and phone numbers wherever they
 * are (by the form's field codes, and by key as a fallback), and every highly sensitive field.
 */
export function maskFormData(
  data: Record<string, unknown>,
  fields: FieldSensitivity[],
): Record<string, unknown> {
  return maskDocument(MASKED_STAFF, data, fields).data as Record<string, unknown>;
}

/** One answer found at `pointer` of the form (a 补正 diff's before or after), masked as the form is. */
export function maskAt(pointer: string, value: unknown, fields: FieldSensitivity[]): unknown {
  return maskDocument(MASKED_STAFF, value, fields, pointer).data;
}
