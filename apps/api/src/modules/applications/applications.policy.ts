import { maskPhone, maskResidentId } from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
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

/** Front-desk and reviewing officers of an involved department need identifiers in full; others see them masked. */
export function seesFullIdentifiers(actor: Actor, involvedDepartmentIds: string[]): boolean {
  return actor.roles.some(
    (r) => (r.role === 'window' || r.role === 'officer') && involvedDepartmentIds.includes(r.departmentId),
  );
}

export interface FieldSensitivity {
  pointer: string;
  fieldCode?: string;
  sensitivity: number;
}

function maskGeneric(v: string): string {
  const chars = [...v];
  return chars.length <= 2
    ? '*'.repeat(chars.length)
    : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

function maskValue(key: string, field: FieldSensitivity | undefined, value: unknown): unknown {
  const code = field?.fieldCode ?? key;
  if (typeof value !== 'string') return field && field.sensitivity >= 4 ? '***' : value;
  if (/idNumber$/i.test(code)) return maskResidentId(value);
  if (/phone$/i.test(code)) return maskPhone(value);
  if (field && field.sensitivity >= 4) return maskGeneric(value);
  return value;
}

const escapePointer = (k: string) => k.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * A copy of the form data with identifiers masked: ID numbers and phone numbers wherever they
 * are (by the form's field codes, and by key as a fallback), and every highly sensitive field.
 */
export function maskFormData(
  data: Record<string, unknown>,
  fields: FieldSensitivity[],
): Record<string, unknown> {
  return maskTree(data, '', '', new Map(fields.map((f) => [f.pointer, f]))) as Record<string, unknown>;
}

/** One answer found at `pointer` of the form (a 补正 diff's before or after), masked as the form is. */
export function maskAt(pointer: string, value: unknown, fields: FieldSensitivity[]): unknown {
  const key = (pointer.split('/').at(-1) ?? '').replaceAll('~1', '/').replaceAll('~0', '~');
  return maskTree(value, pointer, key, new Map(fields.map((f) => [f.pointer, f])));
}

function maskTree(
  value: unknown,
  pointer: string,
  key: string,
  byPointer: Map<string, FieldSensitivity>,
): unknown {
  if (Array.isArray(value)) return value.map((v, i) => maskTree(v, `${pointer}/${i}`, key, byPointer));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = maskTree(v, `${pointer}/${escapePointer(k)}`, k, byPointer);
    return out;
  }
  return maskValue(key, byPointer.get(pointer), value);
}
