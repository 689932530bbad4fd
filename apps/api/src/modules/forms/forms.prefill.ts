import { dictionaryField, type Prefill, type PrefillSource } from '@tongban/contracts';
import type { Db } from '../../platform/db.ts';
import { cipherSlot } from '../../platform/field-keys.ts';
import { appendAudit } from '../audit/index.ts';
import { getProfile } from '../identity/index.ts';
import { getLicenceType, holderLicences } from '../licences/index.ts';
import { findRemembered, type NewRemembered, upsertRemembered } from './forms.repository.ts';
import { valueAt } from './forms.schema.ts';
import { findItemForm, rememberable } from './forms.service.ts';

// Remembered values are personal data at rest, so they are sealed with the platform's field
// cipher. It is handed over once when the app is built (see index.ts `subscribe`), because
// the agreed `prefillFor(db, itemId, accountId)` has no room for it.
const slot = cipherSlot('forms');
export const useFieldCipher = slot.use;
const requireKeys = slot.get;

function isGiven(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/**
 * Dictionary fields on the holder's valid e-licences (credential fields are named by dictionary code
 * where one exists), each with its licence as the source; the newest licence wins.
 */
async function licenceValues(
  db: Db,
  accountId: string,
): Promise<Map<string, { value: unknown; source: PrefillSource }>> {
  const found = new Map<string, { value: unknown; source: PrefillSource }>();
  const types = new Map<string, { name_zh: string; name_en: string } | undefined>();
  for (const l of await holderLicences(db, accountId)) {
    if (l.status !== 'valid') continue;
    if (!types.has(l.typeCode)) types.set(l.typeCode, await getLicenceType(db, l.typeCode));
    const type = types.get(l.typeCode);
    const source = {
      licenceId: l.id,
      licenceNumber: l.number,
      typeNameZh: type?.name_zh ?? l.typeCode,
      typeNameEn: type?.name_en ?? l.typeCode,
    };
    for (const [code, value] of Object.entries(l.fields)) {
      if (!found.has(code) && isGiven(value)) found.set(code, { value, source });
    }
  }
  return found;
}

/**
 * The values to pre-fill an item's form with for an account, and where each came from: the
 * real-name profile, one of the account's valid e-licences (credential fields named by dictionary
 * code), or the applicant's latest earlier case. Identity fields (name, ID number, credit code...)
 * take the verified profile first, then a licence; other fields take what a department certified
 * on a licence, then the latest value the applicant typed, which is newer than the profile.
 * Grade-4 fields never come from history.
 */
export async function prefillFor(db: Db, itemId: string, accountId: string): Promise<Prefill> {
  const form = await findItemForm(db, itemId);
  const values: Prefill['values'] = {};
  const sources: Record<string, PrefillSource> = {};
  if (!form) return { values, sources };
  const [profile, remembered, licensed] = await Promise.all([
    getProfile(db, accountId),
    findRemembered(db, accountId),
    licenceValues(db, accountId),
  ]);
  const history = new Map(remembered.map((r) => [r.field_code, r]));
  for (const field of form.fields) {
    const d = field.fieldCode ? dictionaryField(field.fieldCode) : undefined;
    if (!d) continue;
    const fromProfile = d.profileKey ? (profile as Record<string, unknown>)[d.profileKey] : undefined;
    const row = d.sensitivity < 4 ? history.get(d.code) : undefined;
    const fromHistory = row
      ? { value: JSON.parse(requireKeys().decrypt(row.value_enc)) as unknown, row }
      : undefined;
    const fromLicence = licensed.get(d.code);
    const useProfile = isGiven(fromProfile) && (d.identity || (!fromHistory && !fromLicence));
    const useLicence = !useProfile && fromLicence !== undefined;
    const value = useProfile ? fromProfile : useLicence ? fromLicence.value : fromHistory?.value;
    if (!isGiven(value)) continue;
    const [, section = '', key = ''] = field.pointer.split('/');
    values[section] = { ...values[section], [key]: value };
    sources[field.pointer] = useLicence
      ? fromLicence.source
      : useProfile || !fromHistory
        ? 'profile'
        : { caseId: fromHistory.row.case_id, caseNumber: fromHistory.row.case_number };
  }
  return { values, sources };
}

export interface SubmittedApplication {
  caseId: string;
  caseNumber: string;
  applicantId: string;
  itemId: string;
  formData: Record<string, unknown>;
}

/**
 * Keeps the dictionary values of a submitted application for the applicant's next forms
 * (handler of `application.submitted`). Idempotent: a redelivered or older event changes nothing.
 */
export async function rememberSubmittedValues(
  db: Db,
  event: SubmittedApplication,
  eventId: number,
): Promise<void> {
  const form = await findItemForm(db, event.itemId);
  if (!form) return;
  // One row per field code: two inputs of the same dictionary field keep the later one.
  const byCode = new Map<string, NewRemembered>();
  for (const field of form.fields) {
    if (!field.fieldCode || !rememberable(field.fieldCode)) continue;
    const value = valueAt(event.formData, field.pointer);
    if (!isGiven(value)) continue;
    byCode.set(field.fieldCode, {
      account_id: event.applicantId,
      field_code: field.fieldCode,
      value_enc: requireKeys().encrypt(JSON.stringify(value)),
      case_id: event.caseId,
      case_number: event.caseNumber,
      event_id: eventId,
    });
  }
  const rows = [...byCode.values()];
  if (!rows.length) return;
  await upsertRemembered(db, rows);
  await appendAudit(db, {
    actorId: null,
    actorKind: 'system',
    action: 'forms.rememberValues',
    subjectType: 'account',
    subjectId: event.applicantId,
    personalData: true,
    details: { caseId: event.caseId, fields: rows.map((r) => r.field_code) },
  });
}
