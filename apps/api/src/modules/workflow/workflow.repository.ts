import { type Generated, sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';
import type { ProcessGraph } from './bpmn.ts';

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
  due_at: Date;
  ended_at: Date | null;
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
export type TaskOutcome = 'approve' | 'reject' | 'return';

export interface TaskRow {
  id: string;
  instance_id: string;
  token_id: string;
  business_key: string;
  region_code: string;
  node_id: string;
  name_zh: string;
  name_en: string;
  stage: 'acceptance' | null;
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
}

export interface CalendarRow {
  region_code: string;
  day: string;
  kind: 'holiday' | 'workday';
  name_zh: string | null;
  name_en: string | null;
}

interface Tables {
  workflow_definitions: Omit<DefinitionRow, 'deployed_at'> & { deployed_at: Generated<Date> };
  workflow_instances: InstanceRow;
  workflow_tokens: Omit<TokenRow, 'created_at'> & { created_at: Generated<Date> };
  workflow_tasks: TaskRow;
  workflow_calendar_days: CalendarRow;
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
      variables: json(row.variables),
      departments: json(row.departments),
      title: json(row.title),
    })
    .execute();
}

export function getInstance(db: Db, id: string) {
  return t(db).selectFrom('workflow_instances').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the instance row: every change to one instance's tokens runs one at a time. */
export function lockInstance(db: Db, id: string) {
  return t(db)
    .selectFrom('workflow_instances')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
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
    ])
    .where('k.id', '=', taskId)
    .forUpdate('i')
    .executeTakeFirst();
  if (!row) return undefined;
  const { task_department_id, task_role, task_status, task_assignee_id, task_completed_by, ...instance } =
    row;
  return {
    instance: instance as InstanceRow,
    task: {
      department_id: task_department_id,
      role: task_role,
      status: task_status,
      assignee_id: task_assignee_id,
      completed_by: task_completed_by,
    },
  };
}

export async function updateInstance(
  db: Db,
  id: string,
  patch: Partial<Pick<InstanceRow, 'status' | 'outcome' | 'ended_at' | 'variables'>>,
): Promise<void> {
  const values = patch.variables ? { ...patch, variables: json(patch.variables) } : patch;
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

export function calendarExceptions(db: Db, regionCodes: string[], from: string, to: string) {
  return t(db)
    .selectFrom('workflow_calendar_days')
    .select(['region_code', 'day', 'kind'])
    .where('region_code', 'in', regionCodes)
    .where('day', '>=', from)
    .where('day', '<=', to)
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
