import { sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';
import type { StatusPurpose } from './status-list.ts';

// The only code that touches the licences_* tables.

export interface LicenceTypeField {
  /** JSON pointer into the form answers of the item that issues it, e.g. /company/companyName. */
  pointer: string;
  /** The credentialSubject property. */
  name: string;
  labelZh: string;
  labelEn: string;
  /** Shown unmasked to anyone verifying (a business licence's name is public, an ID number is not). */
  public: boolean;
}

export interface LicenceTypeRow {
  code: string;
  name_zh: string;
  name_en: string;
  vc_type: string;
  number_code: string;
  department_code: string;
  item_codes: string[];
  validity_years: number | null;
  holder_kind: 'citizen' | 'enterprise';
  fields: LicenceTypeField[];
}

export type LicenceState = 'valid' | 'suspended' | 'revoked';

export interface LicenceRow {
  id: string;
  number: string;
  type_code: string;
  holder_id: string;
  issuer_department_id: string;
  region_code: string;
  case_id: string | null;
  status: LicenceState;
  status_reason: string | null;
  status_changed_at: Date | null;
  status_index: number;
  valid_from: Date;
  valid_until: Date | null;
  jws_enc: string;
  jws_digest: string;
  kid: string;
  alg: string;
  issued_by: string | null;
  issued_at: Date;
}

export interface PendingRow {
  case_id: string;
  type_code: string | null;
  holder_id: string;
  case_number: string;
  fields_enc: string | null;
  approved_at: Date | null;
  updated_at: Date;
}

interface StatusListRow {
  department_id: string;
  purpose: StatusPurpose;
  version: number;
  built_version: number | null;
  jws: string | null;
  built_at: Date | null;
}

interface PresentationRow {
  nonce: string;
  licence_id: string;
  holder_id: string;
  created_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
}

interface Tables {
  licences_types: Omit<LicenceTypeRow, 'fields'> & { fields: string };
  licences_licences: LicenceRow;
  licences_pending: PendingRow;
  licences_counters: { region_code: string; year: number; last_value: number };
  licences_status_lists: StatusListRow;
  licences_presentations: PresentationRow;
}

const t = (db: Db) => asTables<Tables>(db);

// ---- types

export async function upsertType(db: Db, row: LicenceTypeRow): Promise<void> {
  const values = { ...row, fields: JSON.stringify(row.fields) };
  await t(db)
    .insertInto('licences_types')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...values, code: undefined } as never))
    .execute();
}

export function findTypes(db: Db): Promise<LicenceTypeRow[]> {
  return t(db).selectFrom('licences_types').selectAll().orderBy('code').execute() as never;
}

export function findType(db: Db, code: string): Promise<LicenceTypeRow | undefined> {
  return t(db).selectFrom('licences_types').selectAll().where('code', '=', code).executeTakeFirst() as never;
}

export function findTypeByVcType(db: Db, vcType: string): Promise<LicenceTypeRow | undefined> {
  return t(db)
    .selectFrom('licences_types')
    .selectAll()
    .where('vc_type', '=', vcType)
    .executeTakeFirst() as never;
}

export function findTypeForItem(db: Db, itemCode: string): Promise<LicenceTypeRow | undefined> {
  return t(db)
    .selectFrom('licences_types')
    .selectAll()
    .where(sql<boolean>`item_codes @> ARRAY[${itemCode}]::text[]`)
    .executeTakeFirst() as never;
}

// ---- licences

/**
 * Inserts a licence unless its case already has one or its status index is taken in the issuer's
 * list (both unique): false then, and the caller tells which.
 */
export async function insertLicence(db: Db, row: LicenceRow): Promise<boolean> {
  const res = await t(db)
    .insertInto('licences_licences')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function findLicence(db: Db, id: string): Promise<LicenceRow | undefined> {
  return t(db).selectFrom('licences_licences').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLicenceByNumber(db: Db, number: string): Promise<LicenceRow | undefined> {
  return t(db).selectFrom('licences_licences').selectAll().where('number', '=', number).executeTakeFirst();
}

export function findLicenceByCase(db: Db, caseId: string): Promise<LicenceRow | undefined> {
  return t(db).selectFrom('licences_licences').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export function lockLicence(tx: Db, id: string): Promise<LicenceRow | undefined> {
  return t(tx)
    .selectFrom('licences_licences')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface HolderLicenceFilter {
  types?: string[];
  status?: 'valid' | 'expired' | 'suspended' | 'revoked';
  before?: string;
  limit?: number;
  now: Date;
}

/** A holder's licences, newest first (ids are UUIDv7, so id order is issue order). */
export function findHolderLicences(db: Db, holderId: string, f: HolderLicenceFilter): Promise<LicenceRow[]> {
  let q = t(db).selectFrom('licences_licences').selectAll().where('holder_id', '=', holderId);
  if (f.types?.length) q = q.where('type_code', 'in', f.types);
  if (f.before) q = q.where('id', '<', f.before);
  if (f.status === 'revoked' || f.status === 'suspended') q = q.where('status', '=', f.status);
  else if (f.status === 'valid') {
    q = q
      .where('status', '=', 'valid')
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', f.now)]));
  } else if (f.status === 'expired') {
    q = q.where('status', '=', 'valid').where('valid_until', '<=', f.now);
  }
  q = q.orderBy('id', 'desc');
  return (f.limit ? q.limit(f.limit) : q).execute();
}

export async function updateLicenceStatus(
  tx: Db,
  id: string,
  status: LicenceState,
  reason: string,
  at: Date,
): Promise<void> {
  await t(tx)
    .updateTable('licences_licences')
    .set({ status, status_reason: reason, status_changed_at: at })
    .where('id', '=', id)
    .execute();
}

/** Indexes set in the issuer's list of `purpose`: revoked licences, or suspended ones. */
export async function statusIndexes(db: Db, departmentId: string, purpose: StatusPurpose): Promise<number[]> {
  const rows = await t(db)
    .selectFrom('licences_licences')
    .select('status_index')
    .where('issuer_department_id', '=', departmentId)
    .where('status', '=', purpose === 'revocation' ? 'revoked' : 'suspended')
    .execute();
  return rows.map((r) => r.status_index);
}

export async function issuerHasLicences(db: Db, departmentId: string): Promise<boolean> {
  const row = await t(db)
    .selectFrom('licences_licences')
    .select('id')
    .where('issuer_department_id', '=', departmentId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- numbers

export async function nextLicenceSequence(tx: Db, regionCode: string, year: number): Promise<number> {
  const row = await t(tx)
    .insertInto('licences_counters')
    .values({ region_code: regionCode, year, last_value: 1 })
    .onConflict((oc) =>
      oc.columns(['region_code', 'year']).doUpdateSet({ last_value: sql`licences_counters.last_value + 1` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

// ---- pending cases

export function lockPending(tx: Db, caseId: string): Promise<PendingRow | undefined> {
  return t(tx)
    .selectFrom('licences_pending')
    .selectAll()
    .where('case_id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
}

/** Serializes the two events of one case (submission and approval), whichever comes first. */
export async function lockCase(tx: Db, caseId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`licences.case:${caseId}`}))`.execute(tx);
}

export async function savePending(tx: Db, row: PendingRow): Promise<void> {
  await t(tx)
    .insertInto('licences_pending')
    .values(row)
    .onConflict((oc) => oc.column('case_id').doUpdateSet({ ...row, case_id: undefined } as never))
    .execute();
}

export async function deletePending(tx: Db, caseId: string): Promise<void> {
  await t(tx).deleteFrom('licences_pending').where('case_id', '=', caseId).execute();
}

// ---- status lists

/** A status change of one of the issuer's licences: its published list must be rebuilt. */
export async function bumpStatusList(tx: Db, departmentId: string, purpose: StatusPurpose): Promise<void> {
  await t(tx)
    .insertInto('licences_status_lists')
    .values({
      department_id: departmentId,
      purpose,
      version: 2,
      built_version: null,
      jws: null,
      built_at: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['department_id', 'purpose'])
        .doUpdateSet({ version: sql`licences_status_lists.version + 1` }),
    )
    .execute();
}

export async function findStatusList(
  db: Db,
  departmentId: string,
  purpose: StatusPurpose,
): Promise<StatusListRow | undefined> {
  return t(db)
    .selectFrom('licences_status_lists')
    .selectAll()
    .where('department_id', '=', departmentId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/** Stores a built list unless a newer build is already there. */
export async function saveStatusListBuild(
  db: Db,
  departmentId: string,
  purpose: StatusPurpose,
  version: number,
  jws: string,
  at: Date,
): Promise<void> {
  await t(db)
    .insertInto('licences_status_lists')
    .values({ department_id: departmentId, purpose, version, built_version: version, jws, built_at: at })
    .onConflict((oc) =>
      oc
        .columns(['department_id', 'purpose'])
        .doUpdateSet({ built_version: version, jws, built_at: at })
        .where((eb) =>
          eb.or([
            eb('licences_status_lists.built_version', 'is', null),
            eb('licences_status_lists.built_version', '<', version),
          ]),
        ),
    )
    .execute();
}

// ---- presentations

export async function insertPresentation(db: Db, row: Omit<PresentationRow, 'consumed_at'>): Promise<void> {
  await t(db)
    .insertInto('licences_presentations')
    .values({ ...row, consumed_at: null })
    .execute();
}

export function findPresentation(db: Db, nonce: string): Promise<PresentationRow | undefined> {
  return t(db).selectFrom('licences_presentations').selectAll().where('nonce', '=', nonce).executeTakeFirst();
}

/** Marks the nonce used; false when it was used already (or never recorded). */
export async function consumeNonce(db: Db, nonce: string, at: Date): Promise<boolean> {
  const res = await t(db)
    .updateTable('licences_presentations')
    .set({ consumed_at: at })
    .where('nonce', '=', nonce)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
