import type { ApplicationStatus } from '@tongban/contracts';
import { type Generated, sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

/** The only code that touches the applications module's tables. */
export interface ApplicationRow {
  id: string;
  applicant_id: string;
  applicant_kind: 'citizen' | 'enterprise';
  applicant_name: string;
  item_id: string;
  item_code: string;
  item_name_zh: string;
  item_name_en: string;
  region_code: string;
  status: ApplicationStatus;
  form_data_enc: string;
  case_number: string | null;
  instance_id: string | null;
  due_at: Date | null;
  accepted_at: Date | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  withdrawn_at: Date | null;
  withdraw_reason: string | null;
  supplement: SupplementRecord | null;
  /** The bundle case this case was filed in (bundles module), if any. */
  bundle_id: string | null;
  bundle_number: string | null;
  /** Who filed it for the applicant (代办), if not the applicant: see FiledByRecord. */
  filed_by_account_id: string | null;
  filed_by: FiledByRecord | null;
  created_at: Date;
  updated_at: Date;
}

export interface SupplementRecord {
  note: string;
  requestedAt: string;
  departmentId: string;
  fields: string[];
  materials: string[];
  /** The supplement round (applications_supplement_rounds) this request opened. */
  round?: number;
}

/** The filer of a case filed on the applicant's behalf, as they were when the draft was started. */
export interface FiledByRecord {
  accountId: string;
  name: string;
  authorization: 'family' | 'window' | 'counter';
  authorizationId: string;
  relation: 'spouse' | 'parent' | 'child' | 'relative' | null;
  departmentId: string | null;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
}

export interface MaterialRow {
  id: string;
  application_id: string;
  material_code: string;
  file_name: string;
  sha256: string;
  size_bytes: number;
  mime_type: string;
  uploaded_by: string;
  uploaded_at: Date;
  /** 免证办 (0030_licence_materials.sql): the e-licence this record stands for instead of a file. */
  licence_id?: string | null;
  licence?: LicenceSnapshot | null;
  licence_verified_at?: Date | null;
}

/** An attached e-licence as it was verified (the licence itself lives in the licences module). */
export interface LicenceSnapshot {
  number: string;
  typeCode: string;
  typeNameZh: string;
  typeNameEn: string;
  issuerDepartmentId: string;
  issuerNameZh: string;
  issuerNameEn: string;
  validUntil: string | null;
  kid: string | null;
}

export type HistoryKind =
  | 'created'
  | 'submitted'
  | 'resubmitted'
  | 'withdrawn'
  // 容缺受理 and 补正 (0010_deferral_supplement.sql)
  | 'deferred'
  | 'commitment_signed'
  | 'deferral_reminded'
  | 'materials_supplied'
  | 'suspended'
  | 'resumed'
  | 'revoked'
  | 'return_withdrawn';

export interface HistoryRow {
  id: string;
  application_id: string;
  kind: HistoryKind;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  note: string | null;
}

interface Tables {
  applications_applications: ApplicationRow;
  applications_materials: MaterialRow;
  applications_history: HistoryRow;
  applications_handled_events: { event_id: string; handled_at: Generated<Date> };
}

const t = (db: Db) => asTables<Tables>(db);

export type NewApplication = Omit<
  ApplicationRow,
  | 'case_number'
  | 'instance_id'
  | 'due_at'
  | 'accepted_at'
  | 'submitted_at'
  | 'decided_at'
  | 'withdrawn_at'
  | 'withdraw_reason'
  | 'supplement'
  | 'bundle_id'
  | 'bundle_number'
  | 'filed_by_account_id'
  | 'filed_by'
  | 'updated_at'
> &
  Partial<Pick<ApplicationRow, 'bundle_id' | 'bundle_number' | 'filed_by_account_id' | 'filed_by'>>;

export async function insertApplication(db: Db, row: NewApplication): Promise<void> {
  const { filed_by, ...rest } = row;
  await t(db)
    .insertInto('applications_applications')
    .values({
      ...rest,
      ...(filed_by ? { filed_by: JSON.stringify(filed_by) as never } : {}),
      updated_at: row.created_at,
    })
    .execute();
}

export async function findApplication(db: Db, id: string): Promise<ApplicationRow | undefined> {
  return t(db).selectFrom('applications_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findApplications(db: Db, ids: string[]): Promise<ApplicationRow[]> {
  if (!ids.length) return [];
  return t(db).selectFrom('applications_applications').selectAll().where('id', 'in', ids).execute();
}

/** The row, locked until the transaction ends: every state change of one case goes through it. */
export async function lockApplication(tx: Db, id: string): Promise<ApplicationRow | undefined> {
  return t(tx)
    .selectFrom('applications_applications')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The row locked without waiting (throws lock_not_available when someone holds it). Outbox
 * handlers use it: they already hold the rows of earlier events of their batch, and two workers
 * waiting on each other's rows would deadlock. The event is simply retried later.
 */
export async function lockApplicationNowait(tx: Db, id: string): Promise<ApplicationRow | undefined> {
  return t(tx)
    .selectFrom('applications_applications')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .noWait()
    .executeTakeFirst();
}

export async function updateApplication(
  tx: Db,
  id: string,
  changes: Partial<Omit<ApplicationRow, 'id' | 'supplement'>> & { supplement?: SupplementRecord | null },
  at: Date,
): Promise<void> {
  const { supplement, ...rest } = changes;
  await t(tx)
    .updateTable('applications_applications')
    .set({
      ...rest,
      ...(supplement !== undefined
        ? { supplement: supplement === null ? null : (JSON.stringify(supplement) as never) }
        : {}),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function listByApplicant(
  db: Db,
  applicantId: string,
  q: { status?: ApplicationStatus; beforeId?: string; limit: number },
): Promise<ApplicationRow[]> {
  let query = t(db)
    .selectFrom('applications_applications')
    .selectAll()
    .where('applicant_id', '=', applicantId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

/** The cases an account filed for others (代办), newest first. */
export async function listByFiler(
  db: Db,
  filerId: string,
  q: { status?: ApplicationStatus; beforeId?: string; limit: number },
): Promise<ApplicationRow[]> {
  let query = t(db)
    .selectFrom('applications_applications')
    .selectAll()
    .where('filed_by_account_id', '=', filerId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

/**
 * The next case number sequence of a region and year, from its PostgreSQL sequence (created by
 * the first submission of the year, 0002_case_sequences.sql). No lock is held afterwards; a
 * rollback does not give the number back.
 */
export async function nextCaseSequence(tx: Db, regionCode: string, year: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT applications_next_case_sequence(${regionCode}, ${year}) AS n`.execute(tx);
  return Number(rows[0]?.n);
}

export async function insertMaterial(tx: Db, row: MaterialRow): Promise<void> {
  await t(tx).insertInto('applications_materials').values(row).execute();
}

/** A material record standing for an e-licence (免证办); the snapshot goes in as JSON. */
export async function insertLicenceMaterial(
  tx: Db,
  row: MaterialRow & { licence_id: string; licence: LicenceSnapshot; licence_verified_at: Date },
): Promise<void> {
  await t(tx)
    .insertInto('applications_materials')
    .values({ ...row, licence: JSON.stringify(row.licence) as never })
    .execute();
}

/** The e-licences of an application were verified again (at submit). */
export async function markLicencesVerified(tx: Db, materialIds: string[], at: Date): Promise<void> {
  if (!materialIds.length) return;
  await t(tx)
    .updateTable('applications_materials')
    .set({ licence_verified_at: at })
    .where('id', 'in', materialIds)
    .execute();
}

export async function insertMaterials(tx: Db, rows: MaterialRow[]): Promise<void> {
  if (rows.length) await t(tx).insertInto('applications_materials').values(rows).execute();
}

export async function listMaterials(db: Db, applicationId: string): Promise<MaterialRow[]> {
  return t(db)
    .selectFrom('applications_materials')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
}

export async function deleteMaterial(
  tx: Db,
  applicationId: string,
  materialId: string,
): Promise<MaterialRow | undefined> {
  return t(tx)
    .deleteFrom('applications_materials')
    .where('application_id', '=', applicationId)
    .where('id', '=', materialId)
    .returningAll()
    .executeTakeFirst();
}

export async function insertHistory(tx: Db, row: HistoryRow): Promise<void> {
  await t(tx).insertInto('applications_history').values(row).execute();
}

export async function listHistory(db: Db, applicationId: string): Promise<HistoryRow[]> {
  return t(db)
    .selectFrom('applications_history')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Records an outbox delivery as handled; false when it already was (a redelivery). */
export async function markEventHandled(tx: Db, eventId: string): Promise<boolean> {
  const row = await t(tx)
    .insertInto('applications_handled_events')
    .values({ event_id: eventId })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return row !== undefined;
}
