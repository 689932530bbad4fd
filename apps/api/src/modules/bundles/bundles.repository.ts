import type { ApplicationStatus, BundleCaseStatus } from '@tongban/contracts';
import { sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

// The only code that touches the bundles_* tables.

export interface BundleCaseRow {
  id: string;
  applicant_id: string;
  applicant_kind: 'citizen' | 'enterprise';
  applicant_name: string;
  bundle_id: string;
  bundle_code: string;
  bundle_name_zh: string;
  bundle_name_en: string;
  items: string[];
  status: BundleCaseStatus;
  form_data_enc: string;
  bundle_number: string | null;
  region_code: string | null;
  submitted_at: Date | null;
  finished_at: Date | null;
  withdrawn_at: Date | null;
  withdraw_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ChildRow {
  bundle_case_id: string;
  item_code: string;
  item_id: string;
  case_id: string;
  required: boolean;
  position: number;
  status: ApplicationStatus;
  updated_at: Date;
}

export interface MaterialRow {
  id: string;
  bundle_case_id: string;
  material_code: string;
  file_name: string;
  sha256: string;
  size_bytes: number;
  mime_type: string;
  uploaded_by: string;
  uploaded_at: Date;
}

interface Tables {
  bundles_cases: BundleCaseRow;
  bundles_children: ChildRow;
  bundles_materials: MaterialRow;
}

const t = (db: Db) => asTables<Tables>(db);

export type NewBundleCase = Pick<
  BundleCaseRow,
  | 'id'
  | 'applicant_id'
  | 'applicant_kind'
  | 'applicant_name'
  | 'bundle_id'
  | 'bundle_code'
  | 'bundle_name_zh'
  | 'bundle_name_en'
  | 'items'
  | 'form_data_enc'
  | 'created_at'
>;

export async function insertBundleCase(tx: Db, row: NewBundleCase): Promise<void> {
  await t(tx)
    .insertInto('bundles_cases')
    .values({ ...row, status: 'draft', updated_at: row.created_at })
    .execute();
}

export async function findBundleCase(db: Db, id: string): Promise<BundleCaseRow | undefined> {
  return t(db).selectFrom('bundles_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The row, locked until the transaction ends: every change of one bundle case goes through it. */
export async function lockBundleCase(tx: Db, id: string): Promise<BundleCaseRow | undefined> {
  return t(tx).selectFrom('bundles_cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * The row locked without waiting (lock_not_available when held): outbox handlers already hold the
 * rows of earlier events of their batch, so waiting could deadlock; the event is retried later.
 */
export async function lockBundleCaseNowait(tx: Db, id: string): Promise<BundleCaseRow | undefined> {
  return t(tx)
    .selectFrom('bundles_cases')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .noWait()
    .executeTakeFirst();
}

export async function updateBundleCase(
  tx: Db,
  id: string,
  changes: Partial<Omit<BundleCaseRow, 'id' | 'applicant_id' | 'created_at'>>,
  at: Date,
): Promise<void> {
  await t(tx)
    .updateTable('bundles_cases')
    .set({ ...changes, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function listByApplicant(
  db: Db,
  applicantId: string,
  q: { status?: BundleCaseStatus; beforeId?: string; limit: number },
): Promise<BundleCaseRow[]> {
  let query = t(db).selectFrom('bundles_cases').selectAll().where('applicant_id', '=', applicantId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

/** The next bundle number sequence of a region and year (0001_init.sql); a rollback leaves a gap. */
export async function nextBundleSequence(tx: Db, regionCode: string, year: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT bundles_next_sequence(${regionCode}, ${year}) AS n`.execute(tx);
  return Number(rows[0]?.n);
}

export async function insertChildren(tx: Db, rows: ChildRow[]): Promise<void> {
  if (rows.length) await t(tx).insertInto('bundles_children').values(rows).execute();
}

export async function listChildren(db: Db, bundleCaseId: string): Promise<ChildRow[]> {
  return t(db)
    .selectFrom('bundles_children')
    .selectAll()
    .where('bundle_case_id', '=', bundleCaseId)
    .orderBy('position')
    .execute();
}

export async function findChildByCase(db: Db, caseId: string): Promise<ChildRow | undefined> {
  return t(db).selectFrom('bundles_children').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function updateChildStatus(
  tx: Db,
  caseId: string,
  status: ApplicationStatus,
  at: Date,
): Promise<void> {
  await t(tx)
    .updateTable('bundles_children')
    .set({ status, updated_at: at })
    .where('case_id', '=', caseId)
    .execute();
}

export async function insertMaterial(tx: Db, row: MaterialRow): Promise<void> {
  await t(tx).insertInto('bundles_materials').values(row).execute();
}

export async function listMaterials(db: Db, bundleCaseId: string): Promise<MaterialRow[]> {
  return t(db)
    .selectFrom('bundles_materials')
    .selectAll()
    .where('bundle_case_id', '=', bundleCaseId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
}

export async function deleteMaterial(
  tx: Db,
  bundleCaseId: string,
  materialId: string,
): Promise<MaterialRow | undefined> {
  return t(tx)
    .deleteFrom('bundles_materials')
    .where('bundle_case_id', '=', bundleCaseId)
    .where('id', '=', materialId)
    .returningAll()
    .executeTakeFirst();
}
