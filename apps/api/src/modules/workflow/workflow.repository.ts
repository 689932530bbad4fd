import { type Generated, sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';
import type { ProcessGraph } from './bpmn.ts';
import { openVariables, sealVariables } from './workflow.seal.ts';

/** The only code that touches the workflow_* tables. */
export interface DefinitionRow {
  id: string;
  key: string;
  version: number;
  name: string;
  bpmn_xml: string;
  xml_sha256: string;
  graph: ProcessGraph;
  deployed_by: string | null;
  deployed_at: Date;
}

export interface DepartmentRef {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface InstanceTitle {
  caseNumber: string;
  itemNameZh: string;
  itemNameEn: string;
  applicantName: string;
}

export type InstanceStatus = 'running' | 'completed' | 'terminated' | 'waiting_applicant';

export interface InstanceRow {
  id: string;
  definition_id: string;
  process_key: string;
  business_key: string;
  region_code: string;
  owner_department_id: string;
  variables: Record<string, unknown>;
  departments: Record<string, DepartmentRef>;
  title: InstanceTitle;
  status: InstanceStatus;
  outcome: 'approved' | 'rejected' | null;
  started_at: Date;
  /** The promised limit (承诺时限): what the lights use. */
  due_at: Date;
  /** The statutory limit (法定时限). */
  statutory_due_at: Date;
  extension_allowance_days: number;
  /** Set while the clock is stopped. */
  paused_at: Date | null;
  /** Whose personal data the variables are (the applicant); evaluations are filed under it. */
  data_subject_id?: string | null;
  ended_at: Date | null;
  /** Who made the final decision: `rules` when a decision table approved without any officer. */
  decided_by?: 'rules' | 'officer' | null;
}

export type TokenStatus = 'active' | 'waiting' | 'returned' | 'done' | 'cancelled';

export interface TokenRow {
  id: string;
  instance_id: string;
  node_id: string;
  status: TokenStatus;
  created_at: Date;
}

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'returned' | 'cancelled';
/** confirm and flag close a post-approval review. */
export type TaskOutcome = 'approve' | 'reject' | 'return' | 'confirm' | 'flag';

export interface TaskRow {
  id: string;
  instance_id: string;
  token_id: string;
  business_key: string;
  region_code: string;
  node_id: string;
  name_zh: string;
  name_en: string;
  stage: 'acceptance' | 'review' | null;
  department_id: string;
  department_code: string;
  department_name_zh: string;
  department_name_en: string;
  role: string;
  case_number: string;
  item_name_zh: string;
  item_name_en: string;
  applicant_name: string;
  status: TaskStatus;
  assignee_id: string | null;
  assignee_name: string | null;
  outcome: TaskOutcome | null;
  note: string | null;
  completed_by: string | null;
  created_at: Date;
  claimed_at: Date | null;
  completed_at: Date | null;
  due_at: Date;
  /** Where the light turns yellow; moves with due_at. */
  yellow_at: Date;
  /** The instance's clock is stopped (copied onto its open tasks). */
  paused_at: Date | null;
  escalation_level: 'yellow' | 'red' | null;
  /** Countersign: this signer's place among the step's signers, and how many there are. */
  signer_slot?: number | null;
  signer_count?: number | null;
}

export interface CalendarRow {
  region_code: string;
  day: string;
  kind: 'holiday' | 'workday';
  name_zh: string | null;
  name_en: string | null;
}

export type PauseKind = 'supplement' | 'public_notice' | 'expert_review' | 'hearing' | 'on_site_inspection';

export interface PauseRow {
  id: string;
  instance_id: string;
  kind: PauseKind;
  reason: string | null;
  planned_days: number | null;
  planned_until: string | null;
  task_id: string | null;
  department_id: string | null;
  department_name_zh: string | null;
  department_name_en: string | null;
  started_at: Date;
  started_by: string | null;
  started_by_name: string | null;
  ended_at: Date | null;
  ended_by: string | null;
  ended_by_name: string | null;
  paused_working_days: number | null;
}

export type ExtensionStatus = 'pending' | 'approved' | 'refused';

export interface ExtensionRow {
  id: string;
  instance_id: string;
  task_id: string;
  department_id: string;
  days: number;
  reason: string;
  status: ExtensionStatus;
  requested_by: string;
  requested_by_name: string;
  requested_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_note: string | null;
}

export interface EscalationRow {
  id: string;
  task_id: string;
  instance_id: string;
  level: 'yellow' | 'red';
  action: 'notify' | 'reassign';
  department_id: string;
  department_name_zh: string;
  department_name_en: string;
  role: string;
  from_role: string;
  from_assignee_name: string | null;
  step_name_zh: string;
  step_name_en: string;
  at: Date;
}

interface Tables {
  workflow_definitions: Omit<DefinitionRow, 'deployed_at'> & { deployed_at: Generated<Date> };
  // `variables` is '{}' in rows written since the answers are sealed into variables_enc (workflow.seal.ts).
  workflow_instances: InstanceRow & { variables_enc: string | null };
  workflow_tokens: Omit<TokenRow, 'created_at'> & { created_at: Generated<Date> };
  workflow_tasks: TaskRow;
  workflow_calendar_days: CalendarRow;
  workflow_pauses: PauseRow;
  workflow_extensions: ExtensionRow;
  workflow_escalations: EscalationRow;
}

const t = (db: Db) => asTables<Tables>(db);
const json = (v: unknown) => JSON.stringify(v) as never;
const LIVE_TOKENS: TokenStatus[] = ['active', 'waiting', 'returned'];
const OPEN_TASKS: TaskStatus[] = ['open', 'claimed'];

// ---- definitions

/** Serializes deployments of one key, so two deploys never take the same version number. */
export async function lockDefinitionKey(tx: Db, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`workflow.definition:${key}`}))`.execute(tx);
}

export function findDefinitionByXml(db: Db, key: string, sha256: string) {
  return t(db)
    .selectFrom('workflow_definitions')
    .select(['id', 'key', 'version'])
    .where('key', '=', key)
    .where('xml_sha256', '=', sha256)
    .executeTakeFirst();
}

export async function latestVersionNumber(db: Db, key: string): Promise<number> {
  const row = await t(db)
    .selectFrom('workflow_definitions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

export async function insertDefinition(db: Db, row: Omit<DefinitionRow, 'deployed_at'>): Promise<void> {
  await t(db)
    .insertInto('workflow_definitions')
    .values({ ...row, graph: json(row.graph) })
    .execute();
}

const DEFINITION_COLUMNS = ['id', 'key', 'version', 'name', 'graph', 'deployed_at'] as const;

export function latestDefinition(db: Db, key: string) {
  return t(db)
    .selectFrom('workflow_definitions')
    .select(DEFINITION_COLUMNS)
    .where('key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest version's id without its graph (the engine takes the graph from its cache). */
export function latestDefinitionRef(db: Db, key: string) {
  return t(db)
    .selectFrom('workflow_definitions')
    .select(['id', 'key', 'version'])
    .where('key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function definitionGraph(db: Db, id: string): Promise<ProcessGraph | undefined> {
  const row = await t(db)
    .selectFrom('workflow_definitions')
    .select('graph')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.graph;
}

export function listDefinitions(db: Db) {
  return t(db)
    .selectFrom('workflow_definitions')
    .select(['id', 'key', 'version', 'name', 'deployed_at'])
    .orderBy('key')
    .orderBy('version', 'desc')
    .execute();
}

// ---- instances

export async function insertInstance(db: Db, row: InstanceRow): Promise<void> {
  await t(db)
    .insertInto('workflow_instances')
    .values({
      ...row,
      variables: json({}),
      variables_enc: sealVariables(row.variables),
      departments: json(row.departments),
      title: json(row.title),
    })
    .execute();
}

/** An instance row with its variables opened. */
function opened<R extends { variables: unknown; variables_enc: string | null }>(row: R | undefined) {
  if (!row) return undefined;
  const { variables_enc, ...rest } = row;
  return { ...rest, variables: openVariables({ variables: row.variables, variables_enc }) };
}

export async function getInstance(db: Db, id: string) {
  return opened(
    await t(db).selectFrom('workflow_instances').selectAll().where('id', '=', id).executeTakeFirst(),
  );
}

/** Locks the instance row: every change to one instance's tokens runs one at a time. */
export async function lockInstance(db: Db, id: string) {
  return opened(
    await t(db)
      .selectFrom('workflow_instances')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst(),
  );
}

/**
 * A task's instance, locked, with what deciding on the task needs from the task itself: one round
 * trip instead of reading the task and then locking its instance.
 */
export async function lockInstanceOfTask(db: Db, taskId: string) {
  const row = await t(db)
    .selectFrom('workflow_instances as i')
    .innerJoin('workflow_tasks as k', 'k.instance_id', 'i.id')
    .selectAll('i')
    .select([
      'k.department_id as task_department_id',
      'k.role as task_role',
      'k.status as task_status',
      'k.assignee_id as task_assignee_id',
      'k.completed_by as task_completed_by',
      'k.node_id as task_node_id',
      'k.name_zh as task_name_zh',
      'k.name_en as task_name_en',
      'k.department_name_zh as task_department_name_zh',
      'k.department_name_en as task_department_name_en',
      'k.stage as task_stage',
    ])
    .where('k.id', '=', taskId)
    .forUpdate('i')
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    task_department_id,
    task_role,
    task_status,
    task_assignee_id,
    task_completed_by,
    task_node_id,
    task_name_zh,
    task_name_en,
    task_department_name_zh,
    task_department_name_en,
    task_stage,
    variables_enc,
    ...instance
  } = row;
  return {
    instance: {
      ...instance,
      variables: openVariables({ variables: instance.variables, variables_enc }),
    } as InstanceRow,
    task: {
      id: taskId,
      department_id: task_department_id,
      role: task_role,
      status: task_status,
      assignee_id: task_assignee_id,
      completed_by: task_completed_by,
      node_id: task_node_id,
      name_zh: task_name_zh,
      name_en: task_name_en,
      department_name_zh: task_department_name_zh,
      department_name_en: task_department_name_en,
      stage: task_stage,
    },
  };
}

export async function updateInstance(
  db: Db,
  id: string,
  patch: Partial<
    Pick<
      InstanceRow,
      | 'status'
      | 'outcome'
      | 'ended_at'
      | 'variables'
      | 'due_at'
      | 'statutory_due_at'
      | 'paused_at'
      | 'decided_by'
    >
  >,
): Promise<void> {
  const values = patch.variables
    ? { ...patch, variables: json({}), variables_enc: sealVariables(patch.variables) }
    : patch;
  await t(db).updateTable('workflow_instances').set(values).where('id', '=', id).execute();
}

// ---- tokens

export async function insertTokens(db: Db, rows: Omit<TokenRow, 'created_at'>[]): Promise<void> {
  if (rows.length) await t(db).insertInto('workflow_tokens').values(rows).execute();
}

export async function moveToken(db: Db, id: string, nodeId: string, status: TokenStatus): Promise<void> {
  await t(db).updateTable('workflow_tokens').set({ node_id: nodeId, status }).where('id', '=', id).execute();
}

export async function setTokenStatus(db: Db, ids: string[], status: TokenStatus): Promise<void> {
  if (ids.length) await t(db).updateTable('workflow_tokens').set({ status }).where('id', 'in', ids).execute();
}

export async function waitingTokens(db: Db, instanceId: string, nodeId: string): Promise<string[]> {
  const rows = await t(db)
    .selectFrom('workflow_tokens')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('node_id', '=', nodeId)
    .where('status', '=', 'waiting')
    .execute();
  return rows.map((r) => r.id);
}

export async function countLiveTokens(db: Db, instanceId: string): Promise<number> {
  const row = await t(db)
    .selectFrom('workflow_tokens')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('instance_id', '=', instanceId)
    .where('status', 'in', LIVE_TOKENS)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function cancelLiveTokens(db: Db, instanceId: string): Promise<void> {
  await t(db)
    .updateTable('workflow_tokens')
    .set({ status: 'cancelled' })
    .where('instance_id', '=', instanceId)
    .where('status', 'in', LIVE_TOKENS)
    .execute();
}

/** The tasks of `tokenIds` that went back to the applicant, latest first. */
export function returnedTasksOf(db: Db, instanceId: string, tokenIds: string[]) {
  if (!tokenIds.length) return Promise.resolve([]);
  return t(db)
    .selectFrom('workflow_tasks')
    .select(['token_id', 'due_at'])
    .where('instance_id', '=', instanceId)
    .where('token_id', 'in', tokenIds)
    .where('status', '=', 'returned')
    .orderBy('completed_at', 'desc')
    .execute();
}

export function returnedTokens(db: Db, instanceId: string) {
  return t(db)
    .selectFrom('workflow_tokens')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('status', '=', 'returned')
    .execute();
}

// ---- tasks

export async function insertTasks(db: Db, rows: TaskRow[]): Promise<void> {
  if (rows.length) await t(db).insertInto('workflow_tasks').values(rows).execute();
}

export function getTask(db: Db, id: string) {
  return t(db).selectFrom('workflow_tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Claims an open task; undefined when it was not open (someone else was first). */
export function claimOpenTask(db: Db, id: string, assignee: { id: string; name: string }, at: Date) {
  return t(db)
    .updateTable('workflow_tasks')
    .set({ status: 'claimed', assignee_id: assignee.id, assignee_name: assignee.name, claimed_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Finishes a task that is open or claimed by `actor`, in one conditional UPDATE: of two officers
 * finishing the same task at once, exactly one gets the row back.
 */
export function finishTask(
  db: Db,
  id: string,
  actor: { id: string; name: string },
  result: { status: 'completed' | 'returned'; outcome: TaskOutcome; note: string | null; at: Date },
) {
  return t(db)
    .updateTable('workflow_tasks')
    .set({
      status: result.status,
      outcome: result.outcome,
      note: result.note,
      completed_by: actor.id,
      completed_at: result.at,
      assignee_id: actor.id,
      assignee_name: actor.name,
      claimed_at: sql`coalesce(claimed_at, ${result.at})`,
    })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'open'),
        eb.and([eb('status', '=', 'claimed'), eb('assignee_id', '=', actor.id)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

export async function cancelOpenTasks(db: Db, instanceId: string, at: Date): Promise<void> {
  await t(db)
    .updateTable('workflow_tasks')
    .set({ status: 'cancelled', completed_at: at })
    .where('instance_id', '=', instanceId)
    .where('status', 'in', OPEN_TASKS)
    .execute();
}

export function openTasksOf(db: Db, instanceId: string) {
  return t(db)
    .selectFrom('workflow_tasks')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('status', 'in', OPEN_TASKS)
    .execute();
}

/** Stops or restarts the clock on every open task of an instance (null restarts it). */
export async function setOpenTasksPaused(db: Db, instanceId: string, pausedAt: Date | null): Promise<void> {
  await t(db)
    .updateTable('workflow_tasks')
    .set({ paused_at: pausedAt })
    .where('instance_id', '=', instanceId)
    .where('status', 'in', OPEN_TASKS)
    .execute();
}

export async function moveTaskDue(db: Db, id: string, dueAt: Date, yellowAt: Date): Promise<void> {
  await t(db)
    .updateTable('workflow_tasks')
    .set({ due_at: dueAt, yellow_at: yellowAt })
    .where('id', '=', id)
    .execute();
}

export function tasksOfInstance(db: Db, instanceId: string) {
  return t(db)
    .selectFrom('workflow_tasks')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function departmentsOfInstance(db: Db, instanceId: string): Promise<string[]> {
  const rows = await t(db)
    .selectFrom('workflow_tasks')
    .select('department_id')
    .distinct()
    .where('instance_id', '=', instanceId)
    .execute();
  return rows.map((r) => r.department_id);
}

export interface TaskQuery {
  view: 'inbox' | 'mine' | 'done';
  actorId: string;
  roles: { departmentId: string; role: string }[];
  limit: number;
  after?: { at: Date; id: string };
}

/**
 * An officer's task list: the inbox is open tasks of the (department, role) pairs the officer
 * holds plus those they claimed; `mine` what they claimed; `done` what they finished.
 * Keyset paging on (due_at, id), or (completed_at desc, id desc) for `done`.
 */
export function listTasks(db: Db, q: TaskQuery) {
  let query = t(db).selectFrom('workflow_tasks').selectAll();
  if (q.view === 'done') {
    query = query.where('completed_by', '=', q.actorId).orderBy('completed_at', 'desc').orderBy('id', 'desc');
    if (q.after) {
      const { at, id } = q.after;
      query = query.where((eb) =>
        eb.or([eb('completed_at', '<', at), eb.and([eb('completed_at', '=', at), eb('id', '<', id)])]),
      );
    }
  } else {
    if (q.view === 'mine') {
      query = query.where('status', '=', 'claimed').where('assignee_id', '=', q.actorId);
    } else {
      if (!q.roles.length) return Promise.resolve([]);
      query = query.where((eb) =>
        eb.and([
          eb.or(
            q.roles.map((r) => eb.and([eb('department_id', '=', r.departmentId), eb('role', '=', r.role)])),
          ),
          eb.or([
            eb('status', '=', 'open'),
            eb.and([eb('status', '=', 'claimed'), eb('assignee_id', '=', q.actorId)]),
          ]),
        ]),
      );
    }
    query = query.orderBy('due_at').orderBy('id');
    if (q.after) {
      const { at, id } = q.after;
      query = query.where((eb) =>
        eb.or([eb('due_at', '>', at), eb.and([eb('due_at', '=', at), eb('id', '>', id)])]),
      );
    }
  }
  return query.limit(q.limit + 1).execute();
}

// ---- calendar

/** Every entry of these regions (a few dozen a year each): the calendar cache holds them. */
export function calendarExceptionsOf(db: Db, regionCodes: string[]) {
  return t(db)
    .selectFrom('workflow_calendar_days')
    .select(['region_code', 'day', 'kind'])
    .where('region_code', 'in', regionCodes)
    .execute();
}

export function calendarDays(db: Db, regionCode: string, from: string, to: string) {
  return t(db)
    .selectFrom('workflow_calendar_days')
    .selectAll()
    .where('region_code', '=', regionCode)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

/** Writes calendar days; with `keepExisting`, dates already in the calendar are left as they are. */
export async function upsertCalendarDays(db: Db, rows: CalendarRow[], keepExisting = false): Promise<void> {
  if (!rows.length) return;
  await t(db)
    .insertInto('workflow_calendar_days')
    .values(rows)
    .onConflict((oc) =>
      keepExisting
        ? oc.columns(['region_code', 'day']).doNothing()
        : oc.columns(['region_code', 'day']).doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            name_zh: eb.ref('excluded.name_zh'),
            name_en: eb.ref('excluded.name_en'),
          })),
    )
    .execute();
}

export function deleteCalendarDay(db: Db, regionCode: string, day: string) {
  return t(db)
    .deleteFrom('workflow_calendar_days')
    .where('region_code', '=', regionCode)
    .where('day', '=', day)
    .returningAll()
    .executeTakeFirst();
}

// ---- the SLA clock

export async function insertPause(db: Db, row: PauseRow): Promise<void> {
  await t(db).insertInto('workflow_pauses').values(row).execute();
}

export function openPause(db: Db, instanceId: string) {
  return t(db)
    .selectFrom('workflow_pauses')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

export async function endPause(
  db: Db,
  id: string,
  end: { at: Date; by: string | null; byName: string | null; workingDays: number },
): Promise<void> {
  await t(db)
    .updateTable('workflow_pauses')
    .set({
      ended_at: end.at,
      ended_by: end.by,
      ended_by_name: end.byName,
      paused_working_days: end.workingDays,
    })
    .where('id', '=', id)
    .execute();
}

export function pausesOf(db: Db, instanceId: string) {
  return t(db)
    .selectFrom('workflow_pauses')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
}

export async function insertExtension(db: Db, row: ExtensionRow): Promise<void> {
  await t(db).insertInto('workflow_extensions').values(row).execute();
}

export function getExtension(db: Db, id: string) {
  return t(db).selectFrom('workflow_extensions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Decides a pending request; undefined when it was no longer pending (someone decided first). */
export function decideExtension(
  db: Db,
  id: string,
  decision: { status: 'approved' | 'refused'; by: string; byName: string; at: Date; note: string | null },
) {
  return t(db)
    .updateTable('workflow_extensions')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_by_name: decision.byName,
      decided_at: decision.at,
      decision_note: decision.note,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

export function extensionsOf(db: Db, instanceId: string) {
  return t(db)
    .selectFrom('workflow_extensions')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('requested_at')
    .orderBy('id')
    .execute();
}

/**
 * Extension requests of the given departments with what the head's queue shows of the case and
 * the step; keyset paging on (requested_at, id).
 */
export function listExtensions(
  db: Db,
  q: { departmentIds: string[]; status: ExtensionStatus; limit: number; after?: { at: Date; id: string } },
) {
  let query = extensionsWithCase(db)
    .where('x.department_id', 'in', q.departmentIds)
    .where('x.status', '=', q.status)
    .orderBy('x.requested_at')
    .orderBy('x.id');
  if (q.after) {
    const { at, id } = q.after;
    query = query.where((eb) =>
      eb.or([eb('x.requested_at', '>', at), eb.and([eb('x.requested_at', '=', at), eb('x.id', '>', id)])]),
    );
  }
  return query.limit(q.limit + 1).execute();
}

/** One extension with the same columns as listExtensions. */
export function extensionWithCase(db: Db, id: string) {
  return extensionsWithCase(db).where('x.id', '=', id).executeTakeFirst();
}

/** Extensions with what the head's queue shows of the case and the step. */
function extensionsWithCase(db: Db) {
  return t(db)
    .selectFrom('workflow_extensions as x')
    .innerJoin('workflow_instances as i', 'i.id', 'x.instance_id')
    .innerJoin('workflow_tasks as k', 'k.id', 'x.task_id')
    .selectAll('x')
    .select([
      'i.business_key',
      'i.title',
      'i.due_at',
      'i.statutory_due_at',
      'i.extension_allowance_days',
      'k.name_zh as step_name_zh',
      'k.name_en as step_name_en',
    ]);
}

/**
 * Claims open tasks whose light passed yellow (or red, when yellow was already applied) and whose
 * clock runs, with their instances: FOR UPDATE SKIP LOCKED, so two processes never take the same
 * task and a case an officer is working on right now is left for the next tick.
 */
export function claimEscalations(db: Db, at: Date, limit: number) {
  return t(db)
    .selectFrom('workflow_tasks as k')
    .innerJoin('workflow_instances as i', 'i.id', 'k.instance_id')
    .selectAll('k')
    .select(['i.definition_id'])
    .where('k.status', 'in', OPEN_TASKS)
    .where('k.paused_at', 'is', null)
    .where(sql<boolean>`k.escalation_level IS DISTINCT FROM 'red'`)
    .where('k.yellow_at', '<=', at)
    .where((eb) => eb.or([eb('k.escalation_level', 'is', null), eb('k.due_at', '<', at)]))
    .orderBy('k.yellow_at')
    .limit(limit)
    .forUpdate(['k', 'i'])
    .skipLocked()
    .execute();
}

/** Records an escalation; false when this level of this task was recorded already. */
export async function insertEscalation(db: Db, row: EscalationRow): Promise<boolean> {
  const r = await t(db)
    .insertInto('workflow_escalations')
    .values(row)
    .onConflict((oc) => oc.columns(['task_id', 'level']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Sets the task's escalation level; with `reassignTo`, gives the task to that role, unclaimed. */
export async function escalateTask(
  db: Db,
  id: string,
  level: 'yellow' | 'red',
  reassignTo?: string,
): Promise<void> {
  await t(db)
    .updateTable('workflow_tasks')
    .set(
      reassignTo
        ? {
            escalation_level: level,
            role: reassignTo,
            status: 'open',
            assignee_id: null,
            assignee_name: null,
            claimed_at: null,
          }
        : { escalation_level: level },
    )
    .where('id', '=', id)
    .execute();
}

export function escalationsOf(db: Db, instanceId: string) {
  return t(db)
    .selectFrom('workflow_escalations')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}
