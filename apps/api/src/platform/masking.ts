import { maskName, maskPhone, maskResidentId } from '@tongban/contracts';

/**
 * The one masking policy of the platform (DESIGN.md rule 10): given who is looking and how
 * sensitive a field is, a value is shown in full or masked (resident ID 110105********123X, phone
 * 138****5678, name 张*). Modules decide who the viewer is; this file decides what they see.
 *
 * - the data subject (citizen self, or whoever files for them) sees everything in full;
 * - staff see identifiers in full only when a role they hold in a department working on the
 *   record needs them (the front desk checks the applicant against their ID, the reviewing
 *   officer decides on the facts): `window`, `officer`. Everyone else (department heads,
 *   administrators, auditors) sees resident IDs, phones and grade-4 fields masked, and may ask for
 *   one value in full with a reason — an explicit, audited unmask request — when their role
 *   allows it (`UNMASK_ROLES`);
 * - a data exchange sees in full only the fields its purpose permits; every other field of
 *   grade 2 or more is masked, names included.
 */
export type Viewer =
  | { kind: 'self' }
  | {
      kind: 'staff';
      /** Roles the staff member holds in a department working on the record. */
      roles: readonly string[];
    }
  | {
      kind: 'exchange';
      purpose: string;
      /** Dictionary codes the purpose permits in full. */
      fullFields?: readonly string[];
    };

export interface FieldSensitivity {
  pointer: string;
  fieldCode?: string;
  /** Grade 1 (public) to 4 (highly sensitive), from the data dictionary. */
  sensitivity: number;
}

/** Staff roles whose work on a record needs its identifiers in full. */
export const FULL_VIEW_ROLES: readonly string[] = ['window', 'officer'];
/** Staff roles who may ask to see one masked value in full, giving a reason (audited 'personal.unmask'). */
export const UNMASK_ROLES: readonly string[] = ['window', 'officer', 'dept_head', 'auditor'];

/** Whether the viewer sees the record's identifiers unmasked without asking. */
export function seesInFull(viewer: Viewer): boolean {
  if (viewer.kind === 'self') return true;
  if (viewer.kind === 'staff') return viewer.roles.some((r) => FULL_VIEW_ROLES.includes(r));
  return false;
}

/** Whether the viewer may ask for a masked value in full (with a reason). */
export function mayUnmask(viewer: Viewer): boolean {
  return viewer.kind === 'staff' && viewer.roles.some((r) => UNMASK_ROLES.includes(r));
}

type Kind = 'residentId' | 'phone' | 'name' | 'other';

/** What a field holds, by its dictionary code or, without one, by its key in the document. */
function kindOf(code: string): Kind {
  if (/idNumber$/i.test(code)) return 'residentId';
  if (/phone$/i.test(code)) return 'phone';
  if (/^name$|Name$/.test(code) && !/(bank|company|org|item|service)Name$/i.test(code)) return 'name';
  return 'other';
}

function maskGeneric(v: string): string {
  const chars = [...v];
  return chars.length <= 2
    ? '*'.repeat(chars.length)
    : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

function maskAs(kind: Kind, value: string): string {
  if (kind === 'residentId') return maskResidentId(value);
  if (kind === 'phone') return maskPhone(value);
  if (kind === 'name') return maskName(value);
  return maskGeneric(value);
}

/**
 * Whether one value is masked for the viewer. Staff without a full-view role: resident IDs and
 * phones wherever they are, and grade-4 fields. Exchanges: everything of grade 2 or more that the
 * purpose does not permit in full (a value without a known field counts as grade 2).
 */
function masks(viewer: Viewer, kind: Kind, field: FieldSensitivity | undefined): boolean {
  if (seesInFull(viewer)) return false;
  const grade = field?.sensitivity ?? (kind === 'other' ? 1 : 3);
  if (viewer.kind === 'exchange') {
    if (field?.fieldCode && viewer.fullFields?.includes(field.fieldCode)) return false;
    return Math.max(grade, kind === 'other' ? 1 : 2) >= 2;
  }
  return kind === 'residentId' || kind === 'phone' || grade >= 4;
}

/** One value as the viewer sees it; `key` is its name in the document (used when no field is known). */
export function maskValue(
  viewer: Viewer,
  key: string,
  field: FieldSensitivity | undefined,
  value: unknown,
): unknown {
  const kind = kindOf(field?.fieldCode ?? key);
  if (!masks(viewer, kind, field)) return value;
  if (typeof value === 'string') return maskAs(kind, value);
  // Numbers, booleans and structures of a masked field are hidden as a whole.
  return value === null || value === undefined ? value : '***';
}

const escapePointer = (k: string) => k.replaceAll('~', '~0').replaceAll('/', '~1');

export interface MaskedDocument {
  data: unknown;
  /** JSON pointers of the values that were masked (what an unmask request may name). */
  maskedPointers: string[];
}

/**
 * A copy of a document (form answers, a dataset record) masked for the viewer, with the pointers
 * of what was masked. `at` is the pointer of `value` inside its document ('' for the whole).
 */
export function maskDocument(
  viewer: Viewer,
  value: unknown,
  fields: FieldSensitivity[],
  at = '',
): MaskedDocument {
  const byPointer = new Map(fields.map((f) => [f.pointer, f]));
  const maskedPointers: string[] = [];
  const walk = (v: unknown, pointer: string, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${pointer}/${i}`, key));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, `${pointer}/${escapePointer(k)}`, k);
      return out;
    }
    const shown = maskValue(viewer, key, byPointer.get(pointer), v);
    if (shown !== v) maskedPointers.push(pointer);
    return shown;
  };
  const lastKey = (at.split('/').at(-1) ?? '').replaceAll('~1', '/').replaceAll('~0', '~');
  return { data: walk(value, at, lastKey), maskedPointers };
}

/** The value at a JSON pointer of a document (undefined when there is none). */
export function valueAtPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let v: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const k = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}
