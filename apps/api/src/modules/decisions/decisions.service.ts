import { createHash } from 'node:crypto';
import {
  type DecisionEvaluation,
  type DecisionEvaluationQuery,
  type DecisionResult,
  type DecisionSource,
  type DecisionTable,
  type DecisionTableDetail,
  type DecisionTablePage,
  type DecisionTableQuery,
  DecisionTable as DecisionTableSchema,
  type DecisionTableSummary,
  type DecisionTrace,
  type DecisionVersionDetail,
  type DecisionVersionSummary,
  type Locale,
  type SavedDecisionVersion,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { cipherSlot } from '../../platform/field-keys.ts';
import { compileBody, toFieldErrors } from '../../platform/validation.ts';
import { type AuditActorKind, appendAudit } from '../audit/index.ts';
import { type Department, getDepartment, getDepartmentByCode, listDepartments } from '../org/index.ts';
import {
  administeredDepartments,
  evaluationDepartments,
  mayAdminister,
  mayViewEvaluation,
} from './decisions.policy.ts';
import * as repo from './decisions.repository.ts';
import { importDmn } from './dmn.ts';
import { assertValidTable, contextSnapshot, evaluateTable, type TableVersion } from './evaluator.ts';
import { explainTrace } from './explain.ts';

// ---- field key: stored evaluations hold applicants' values (DESIGN.md rule 10)

// The platform's field cipher, handed over once when the app is built (index.ts `subscribe`).
const slot = cipherSlot('decisions');
export const useFieldCipher = slot.use;
const requireKeys = slot.get;

// ---- saving versions

/** Who saves a version: a staff member, or the system (demo seed). */
export type Creator = { accountId: string; name: string } | null;

/** The definition with its keys in one order, so equal content has one digest. */
function canonical(table: DecisionTable): DecisionTable {
  const pick = <T extends object>(o: T, keys: (keyof T)[]): T =>
    Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as T;
  return {
    ...pick(table, ['key', 'nameZh', 'nameEn', 'hitPolicy', 'aggregation']),
    inputs: table.inputs.map((i) =>
      pick(i, ['id', 'labelZh', 'labelEn', 'expression', 'typeRef', 'valueFormat', 'valueLabels']),
    ),
    outputs: table.outputs.map((o) =>
      pick(o, ['id', 'name', 'labelZh', 'labelEn', 'typeRef', 'valueFormat', 'valueLabels']),
    ),
    rules: table.rules.map((r) =>
      pick(r, ['id', 'inputEntries', 'outputEntries', 'descriptionZh', 'descriptionEn']),
    ),
  } as DecisionTable;
}

function assertSchema(table: DecisionTable): void {
  const check = compileBody(DecisionTableSchema);
  if (!check(table)) throw new AppError('VALIDATION_FAILED', toFieldErrors(check.errors, 'en', '/table'));
}

interface SaveInput {
  table: DecisionTable;
  source: DecisionSource;
  sourceXml?: string;
  ownerDepartmentId: string;
}

/**
 * Saves `table` as the next version of its key (creating the table, owned by
 * `ownerDepartmentId`, on its first version). The same content as the latest version is not a
 * new version: that version is returned with `created: false`. The caller has checked who may.
 */
async function saveVersion(tx: Db, input: SaveInput, creator: Creator): Promise<SavedDecisionVersion> {
  const table = canonical(input.table);
  assertSchema(table);
  assertValidTable(table);
  const sha256 = createHash('sha256').update(JSON.stringify(table)).digest('hex');
  await repo.lockKey(tx, table.key);
  const existing = await repo.findTable(tx, table.key);
  if (!existing) await repo.insertTable(tx, table.key, input.ownerDepartmentId);
  const latest = existing ? await repo.latestVersionRef(tx, table.key) : undefined;
  if (latest?.definition_sha256 === sha256) {
    return { id: latest.id, key: table.key, version: latest.version, created: false };
  }
  const version = (latest?.version ?? 0) + 1;
  const id = uuidv7();
  await repo.insertVersion(tx, {
    id,
    key: table.key,
    version,
    name_zh: table.nameZh,
    name_en: table.nameEn,
    hit_policy: table.hitPolicy,
    rule_count: table.rules.length,
    definition: table,
    definition_sha256: sha256,
    source: input.source,
    source_xml: input.sourceXml ?? null,
    created_by: creator?.accountId ?? null,
    created_by_name: creator?.name ?? null,
  });
  await appendAudit(tx, {
    actorId: creator?.accountId ?? null,
    actorKind: creator ? 'staff' : 'system',
    action: 'decision.version.create',
    subjectType: 'decision_table',
    subjectId: table.key,
    details: { versionId: id, version, source: input.source, sha256 },
  });
  return { id, key: table.key, version, created: true };
}

/**
 * The department that owns `key` once this save is done, checked against what the actor
 * administers: an existing table keeps its owner; a new one takes the department named, or the
 * only one the actor administers.
 */
async function ownerFor(tx: Db, actor: Actor, key: string, ownerCode: string | undefined): Promise<string> {
  // Held to commit: a concurrent first save of the same key waits, then sees this owner.
  await repo.lockKey(tx, key);
  const existing = await repo.findTable(tx, key);
  let owner: Department | undefined;
  if (ownerCode !== undefined) {
    owner = await getDepartmentByCode(tx, ownerCode);
    if (!owner) throw new AppError('DEPARTMENT_NOT_FOUND');
  }
  if (existing) {
    if (owner && owner.id !== existing.owner_department_id) {
      const current = await getDepartment(tx, existing.owner_department_id);
      throw new AppError('DECISION_OWNER_MISMATCH', [{ key }], {
        key,
        department: current?.code ?? existing.owner_department_id,
      });
    }
    if (!mayAdminister(actor, existing.owner_department_id)) throw new AppError('FORBIDDEN');
    return existing.owner_department_id;
  }
  if (owner) {
    if (!mayAdminister(actor, owner.id)) throw new AppError('FORBIDDEN');
    return owner.id;
  }
  const mine = administeredDepartments(actor);
  if (mine.length === 0) throw new AppError('FORBIDDEN');
  if (mine.length > 1) throw new AppError('DECISION_OWNER_REQUIRED');
  return mine[0]!;
}

/** A staff member saves a table (JSON) as its next version; `existing`: only of a table that exists. */
export async function saveTableAs(
  db: Db,
  actor: Actor,
  input: { table: DecisionTable; ownerDepartmentCode?: string },
  options: { existing?: boolean } = {},
): Promise<SavedDecisionVersion> {
  return inTransaction(db, async (tx) => {
    if (options.existing) await requireTable(tx, input.table.key);
    const owner = await ownerFor(tx, actor, input.table.key, input.ownerDepartmentCode);
    return saveVersion(
      tx,
      { table: input.table, source: 'json', ownerDepartmentId: owner },
      creatorOf(actor),
    );
  });
}

/** A staff member imports every decision table of a DMN 1.3 file, all or none. */
export async function importDmnAs(
  db: Db,
  actor: Actor,
  input: { xml: string; ownerDepartmentCode?: string },
): Promise<SavedDecisionVersion[]> {
  const tables = await importDmn(input.xml);
  return inTransaction(db, async (tx) => {
    const saved: SavedDecisionVersion[] = [];
    for (const table of tables) {
      const owner = await ownerFor(tx, actor, table.key, input.ownerDepartmentCode);
      saved.push(
        await saveVersion(
          tx,
          { table, source: 'dmn', sourceXml: input.xml, ownerDepartmentId: owner },
          creatorOf(actor),
        ),
      );
    }
    return saved;
  });
}

const creatorOf = (actor: Actor): Creator => ({ accountId: actor.accountId, name: actor.name });

/** Saves a table owned by a department, as the system (demo seed, other modules' set-up). */
export async function saveDecisionTable(
  db: Db,
  input: { table: DecisionTable; ownerDepartmentId: string; source?: DecisionSource; sourceXml?: string },
): Promise<SavedDecisionVersion> {
  return inTransaction(db, (tx) =>
    saveVersion(
      tx,
      {
        table: input.table,
        source: input.source ?? 'json',
        ...(input.sourceXml ? { sourceXml: input.sourceXml } : {}),
        ownerDepartmentId: input.ownerDepartmentId,
      },
      null,
    ),
  );
}

// ---- reading tables

function versionSummary(r: repo.VersionSummaryRow): DecisionVersionSummary {
  return {
    id: r.id,
    key: r.key,
    version: r.version,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    hitPolicy: r.hit_policy,
    ruleCount: r.rule_count,
    source: r.source,
    createdById: r.created_by,
    createdByName: r.created_by_name,
    createdAt: r.created_at.toISOString(),
  };
}

function ownerView(actor: Actor, dept: Department | undefined, ownerId: string) {
  return {
    ownerDepartmentId: ownerId,
    ownerDepartmentCode: dept?.code ?? '',
    ownerDepartmentNameZh: dept?.nameZh ?? '',
    ownerDepartmentNameEn: dept?.nameEn ?? '',
    mayAdminister: mayAdminister(actor, ownerId),
  };
}

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const decodeCursor = (cursor?: string) =>
  cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;

/** Tables by key with their latest version (any staff). */
export async function listTables(db: Db, actor: Actor, q: DecisionTableQuery): Promise<DecisionTablePage> {
  const limit = q.limit ?? 20;
  const departments = new Map((await listDepartments(db)).map((d) => [d.id, d]));
  let owners: string[] | undefined;
  if (q.department !== undefined) {
    const dept = [...departments.values()].find((d) => d.code === q.department);
    owners = dept ? [dept.id] : [];
  }
  const rows = await repo.pageTables(db, {
    ...(owners ? { ownerDepartmentIds: owners } : {}),
    ...(q.cursor ? { afterKey: decodeCursor(q.cursor) } : {}),
    limit: limit + 1,
  });
  const items: DecisionTableSummary[] = rows.slice(0, limit).map((r) => ({
    key: r.key,
    ...ownerView(actor, departments.get(r.owner_department_id), r.owner_department_id),
    versionCount: r.version,
    latest: versionSummary(r),
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.key) : null };
}

async function requireTable(db: Db, key: string) {
  const table = await repo.findTable(db, key);
  if (!table) throw new AppError('DECISION_TABLE_NOT_FOUND');
  return table;
}

/** A table with all its versions, newest first (any staff). */
export async function tableDetail(db: Db, actor: Actor, key: string): Promise<DecisionTableDetail> {
  const table = await requireTable(db, key);
  const [dept, versions] = await Promise.all([
    getDepartment(db, table.owner_department_id),
    repo.listVersions(db, key),
  ]);
  return {
    key,
    ...ownerView(actor, dept, table.owner_department_id),
    versions: versions.map(versionSummary),
  };
}

/** One version with its definition (any staff). */
export async function versionDetail(
  db: Db,
  actor: Actor,
  key: string,
  version: number,
): Promise<DecisionVersionDetail> {
  const table = await requireTable(db, key);
  const row = await repo.findVersion(db, key, version);
  if (!row) throw new AppError('DECISION_VERSION_NOT_FOUND');
  const dept = await getDepartment(db, table.owner_department_id);
  return {
    ...versionSummary(row),
    ...ownerView(actor, dept, table.owner_department_id),
    table: row.definition,
  };
}

// ---- evaluating

/** The stored version of `key` (latest, or the one asked for), its definition from the cache when there. */
async function resolveVersion(db: Db, key: string, version?: number): Promise<TableVersion> {
  const ref =
    version === undefined ? await repo.latestVersionRef(db, key) : await repo.versionRef(db, key, version);
  if (!ref) {
    if (version !== undefined && (await repo.findTable(db, key)))
      throw new AppError('DECISION_VERSION_NOT_FOUND');
    throw new AppError('DECISION_TABLE_NOT_FOUND');
  }
  return { id: ref.id, version: ref.version, table: await definitionOf(db, ref.id) };
}

// Versions never change, so their definitions are kept by id (the evaluator keeps them compiled).
const MAX_DEFINITIONS = 500;
const definitions = new Map<string, DecisionTable>();

async function definitionOf(db: Db, versionId: string): Promise<DecisionTable> {
  let table = definitions.get(versionId);
  if (!table) {
    table = await repo.versionDefinition(db, versionId);
    if (!table) throw new AppError('DECISION_VERSION_NOT_FOUND');
    if (definitions.size >= MAX_DEFINITIONS) definitions.clear();
    definitions.set(versionId, table);
  }
  return table;
}

export interface EvaluateOptions {
  /** A version number; default the latest. */
  version?: number;
  /** The evaluation time written in the trace; default the wall clock. */
  now?: Date;
}

/**
 * Evaluates the decision table `key` over `context` (e.g. `{ withdrawal: {...}, applicant: {...} }`)
 * and returns its outputs, the matched rule ids and the trace. Stores nothing: pass the result to
 * `recordEvaluation` in the transaction of the decision it causes.
 */
export async function evaluateDecision(
  db: Db,
  key: string,
  context: Record<string, unknown>,
  options: EvaluateOptions = {},
): Promise<DecisionResult> {
  const v = await resolveVersion(db, key, options.version);
  return evaluateTable(v, context, options.now ?? new Date());
}

export interface RecordEvaluationInput {
  /** What the decision was about, e.g. `application` and the case id. */
  subjectType: string;
  subjectId: string;
  /** The context the result was evaluated over: only the values the table read are kept. */
  context: Record<string, unknown>;
  result: DecisionResult;
  /** Who caused the evaluation (the applicant submitting, an officer); default the system. */
  actor?: { accountId: string; kind: AuditActorKind } | null;
  /** Whose personal data the context holds (the applicant): staff reads are audited under them. */
  dataSubjectId?: string;
}

/**
 * Stores an evaluation with its trace, in the caller's transaction (so it is kept exactly when
 * the decision it caused is), and appends it to the audit chain. Returns the evaluation id.
 */
export async function recordEvaluation(tx: Db, input: RecordEvaluationInput): Promise<{ id: string }> {
  const { trace } = input.result;
  const v = { id: trace.versionId, version: trace.version, table: await definitionOf(tx, trace.versionId) };
  const id = uuidv7();
  const k = requireKeys();
  await repo.insertEvaluation(tx, {
    id,
    table_key: trace.tableKey,
    version_id: trace.versionId,
    version: trace.version,
    subject_type: input.subjectType,
    subject_id: input.subjectId,
    context_enc: k.encrypt(JSON.stringify(contextSnapshot(v, input.context))),
    trace_enc: k.encrypt(JSON.stringify(trace)),
    outputs: input.result.outputs,
    matched_rules: input.result.matched,
    evaluated_at: new Date(trace.evaluatedAt),
    recorded_by: input.actor?.accountId ?? null,
    data_subject_id: input.dataSubjectId ?? null,
  });
  await appendAudit(tx, {
    actorId: input.actor?.accountId ?? null,
    actorKind: input.actor?.kind ?? 'system',
    action: 'decision.evaluate',
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    personalData: true,
    details: { evaluationId: id, key: trace.tableKey, version: trace.version, matched: input.result.matched },
  });
  return { id };
}

/** Evaluates and records in one step, inside the caller's transaction. */
export async function decide(
  tx: Db,
  key: string,
  context: Record<string, unknown>,
  subject: Omit<RecordEvaluationInput, 'context' | 'result'> & EvaluateOptions,
): Promise<DecisionResult & { evaluationId: string }> {
  const result = await evaluateDecision(tx, key, context, subject);
  const { id } = await recordEvaluation(tx, { ...subject, context, result });
  return { ...result, evaluationId: id };
}

/** A stored evaluation (what `getEvaluation` gives other modules). */
export type StoredEvaluation = Omit<DecisionEvaluation, 'explanation'>;

function storedView(row: repo.EvaluationRow): StoredEvaluation {
  const k = requireKeys();
  const trace = JSON.parse(k.decrypt(row.trace_enc)) as DecisionTrace;
  return {
    id: row.id,
    tableKey: row.table_key,
    versionId: row.version_id,
    version: row.version,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    context: JSON.parse(k.decrypt(row.context_enc)) as Record<string, unknown>,
    outputs: (row.outputs ?? null) as StoredEvaluation['outputs'],
    matched: row.matched_rules,
    trace,
    evaluatedAt: row.evaluated_at.toISOString(),
  };
}

/** A stored evaluation by id, or undefined. Callers showing it to a person audit that read. */
export async function getEvaluation(db: Db, id: string): Promise<StoredEvaluation | undefined> {
  const row = await repo.findEvaluation(db, id);
  return row ? storedView(row) : undefined;
}

/** The decision in plain words, one line per matched rule, in `lang`. */
export function explainEvaluation(evaluation: { trace: DecisionTrace }, lang: Locale): string[] {
  return explainTrace(evaluation.trace, lang);
}

// ---- staff reading stored evaluations

const withExplanation = (e: StoredEvaluation, lang: Locale): DecisionEvaluation => ({
  ...e,
  explanation: explainTrace(e.trace, lang),
});

/** A subject's evaluations of tables the actor's departments own (all, for auditors); audited. */
export async function listEvaluations(
  db: Db,
  actor: Actor,
  q: DecisionEvaluationQuery,
  lang: Locale,
): Promise<{ items: DecisionEvaluation[]; nextCursor: string | null }> {
  const limit = q.limit ?? 20;
  const departments = evaluationDepartments(actor);
  return inTransaction(db, async (tx) => {
    const rows = await repo.pageEvaluations(tx, {
      subjectType: q.subjectType,
      subjectId: q.subjectId,
      ...(departments ? { ownerDepartmentIds: departments } : {}),
      ...(q.cursor ? { beforeId: decodeCursor(q.cursor) } : {}),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map((r) => withExplanation(storedView(r), lang));
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: 'staff',
      action: 'decision.evaluations.read',
      subjectType: q.subjectType,
      subjectId: q.subjectId,
      personalData: true,
      ...readBy(rows.slice(0, limit)),
      details: { evaluationIds: items.map((i) => i.id) },
    });
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  });
}

/**
 * Whose data a staff read of stored evaluations touched, for the audit entry: the evaluations of
 * one case share their applicant, so the read appears in that person's "who used my data".
 */
function readBy(rows: repo.EvaluationRow[]): { dataSubjectId?: string; purpose?: string } {
  const subject = rows.find((r) => r.data_subject_id)?.data_subject_id;
  return subject ? { dataSubjectId: subject, purpose: 'case.review' } : {};
}

/** One stored evaluation for staff who may see it; audited. */
export async function evaluationFor(
  db: Db,
  actor: Actor,
  id: string,
  lang: Locale,
): Promise<DecisionEvaluation> {
  return inTransaction(db, async (tx) => {
    const row = await repo.findEvaluation(tx, id);
    if (!row) throw new AppError('DECISION_EVALUATION_NOT_FOUND');
    if (!mayViewEvaluation(actor, row.owner_department_id)) throw new AppError('FORBIDDEN');
    const view = withExplanation(storedView(row), lang);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: 'staff',
      action: 'decision.evaluations.read',
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      personalData: true,
      ...readBy([row]),
      details: { evaluationIds: [id] },
    });
    return view;
  });
}
