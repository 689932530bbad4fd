import type { DecisionSource, DecisionTable, HitPolicy } from '@tongban/contracts';
import { type Generated, sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

// The only code that touches the decisions_* tables.

export interface TableRow {
  key: string;
  owner_department_id: string;
  created_at: Generated<Date>;
}

export interface VersionRow {
  id: string;
  key: string;
  version: number;
  name_zh: string;
  name_en: string;
  hit_policy: HitPolicy;
  rule_count: number;
  definition: DecisionTable;
  definition_sha256: string;
  source: DecisionSource;
  source_xml: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
}

export interface EvaluationRow {
  id: string;
  table_key: string;
  version_id: string;
  version: number;
  subject_type: string;
  subject_id: string;
  context_enc: string;
  trace_enc: string;
  outputs: unknown;
  matched_rules: string[];
  evaluated_at: Date;
  recorded_by: string | null;
  /** Whose personal data the evaluation read (null: none named). */
  data_subject_id?: string | null;
}

interface Tables {
  decisions_tables: TableRow;
  decisions_versions: Omit<VersionRow, 'created_at'> & { created_at: Generated<Date> };
  decisions_evaluations: EvaluationRow;
}

const t = (db: Db) => asTables<Tables>(db);
const json = (v: unknown) => JSON.stringify(v) as never;

/** Version columns without the definition and the XML (lists never need them). */
const SUMMARY = [
  'id',
  'key',
  'version',
  'name_zh',
  'name_en',
  'hit_policy',
  'rule_count',
  'source',
  'created_by',
  'created_by_name',
  'created_at',
] as const;

export type VersionSummaryRow = Pick<VersionRow, (typeof SUMMARY)[number]>;

/** Serializes saves of one key, so two saves never take the same version number. */
export async function lockKey(tx: Db, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`decisions.table:${key}`}))`.execute(tx);
}

export function findTable(db: Db, key: string) {
  return t(db)
    .selectFrom('decisions_tables')
    .select(['key', 'owner_department_id'])
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function insertTable(db: Db, key: string, ownerDepartmentId: string): Promise<void> {
  await t(db)
    .insertInto('decisions_tables')
    .values({ key, owner_department_id: ownerDepartmentId })
    .execute();
}

export async function insertVersion(db: Db, row: Omit<VersionRow, 'created_at'>): Promise<void> {
  await t(db)
    .insertInto('decisions_versions')
    .values({ ...row, definition: json(row.definition) })
    .execute();
}

/** The latest version's id, number and digest (the definition comes from the compile cache). */
export function latestVersionRef(db: Db, key: string) {
  return t(db)
    .selectFrom('decisions_versions')
    .select(['id', 'version', 'definition_sha256'])
    .where('key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function versionRef(db: Db, key: string, version: number) {
  return t(db)
    .selectFrom('decisions_versions')
    .select(['id', 'version', 'definition_sha256'])
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
}

export function findVersion(db: Db, key: string, version: number) {
  return t(db)
    .selectFrom('decisions_versions')
    .select([...SUMMARY, 'definition'])
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function versionDefinition(db: Db, id: string): Promise<VersionRow['definition'] | undefined> {
  const row = await t(db)
    .selectFrom('decisions_versions')
    .select('definition')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.definition;
}

export function listVersions(db: Db, key: string): Promise<VersionSummaryRow[]> {
  return t(db)
    .selectFrom('decisions_versions')
    .select(SUMMARY)
    .where('key', '=', key)
    .orderBy('version', 'desc')
    .execute();
}

/** Tables by key with their latest version, optionally of some owners only. */
export function pageTables(db: Db, q: { ownerDepartmentIds?: string[]; afterKey?: string; limit: number }) {
  let query = t(db)
    .selectFrom('decisions_tables as t')
    .innerJoin('decisions_versions as v', 'v.key', 't.key')
    .select(['t.owner_department_id', ...SUMMARY.map((c) => `v.${c}` as const)])
    .where(sql<boolean>`v.version = (SELECT max(w.version) FROM decisions_versions w WHERE w.key = t.key)`);
  if (q.ownerDepartmentIds) {
    if (!q.ownerDepartmentIds.length) return Promise.resolve([]);
    query = query.where('t.owner_department_id', 'in', q.ownerDepartmentIds);
  }
  if (q.afterKey !== undefined) query = query.where('t.key', '>', q.afterKey);
  return query.orderBy('t.key').limit(q.limit).execute();
}

export async function insertEvaluation(db: Db, row: EvaluationRow): Promise<void> {
  await t(db)
    .insertInto('decisions_evaluations')
    .values({ ...row, outputs: json(row.outputs) })
    .execute();
}

export function findEvaluation(db: Db, id: string) {
  return t(db)
    .selectFrom('decisions_evaluations as e')
    .innerJoin('decisions_tables as t', 't.key', 'e.table_key')
    .selectAll('e')
    .select('t.owner_department_id')
    .where('e.id', '=', id)
    .executeTakeFirst();
}

/**
 * A subject's evaluations, newest first; with `ownerDepartmentIds`, only those of tables the
 * given departments own.
 */
export function pageEvaluations(
  db: Db,
  q: {
    subjectType: string;
    subjectId: string;
    ownerDepartmentIds?: string[];
    beforeId?: string;
    limit: number;
  },
) {
  let query = t(db)
    .selectFrom('decisions_evaluations as e')
    .innerJoin('decisions_tables as t', 't.key', 'e.table_key')
    .selectAll('e')
    .select('t.owner_department_id')
    .where('e.subject_type', '=', q.subjectType)
    .where('e.subject_id', '=', q.subjectId);
  if (q.ownerDepartmentIds) {
    if (!q.ownerDepartmentIds.length) return Promise.resolve([]);
    query = query.where('t.owner_department_id', 'in', q.ownerDepartmentIds);
  }
  if (q.beforeId) query = query.where('e.id', '<', q.beforeId);
  return query.orderBy('e.id', 'desc').limit(q.limit).execute();
}
