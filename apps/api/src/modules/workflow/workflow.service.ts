import { type CaseClock, maskName, type SlaLight } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { getDepartment, getDepartmentByCode } from '../org/index.ts';
import * as auto from './automation.repository.ts';
import { type AutomationView, automationView } from './automation.view.ts';
import type { ProcessGraph } from './bpmn.ts';
import { hasRules } from './business-rule.ts';
import { deadlineCalculator } from './calendar.service.ts';
import {
  type ClockEvent,
  caseLight,
  clockEventsOf,
  clockOf,
  defaultExtensionAllowance,
  resumeFromSupplement,
  taskLight,
} from './clock.service.ts';
import { graphOf } from './definitions.service.ts';
import { beginStep, reopen, settle, startTokens } from './engine.ts';
import { departmentRefsOf, passedRounds } from './multi-instance.ts';
import * as repo from './workflow.repository.ts';
import { now } from './workflow.runtime.ts';

export interface StartProcessInput {
  processKey: string;
  /** The case (application) id. */
  businessKey: string;
  regionCode: string;
  /** The service item's owning department: what `$owner` in the process means. */
  ownerDepartmentId: string;
  /** Form data: exclusive gateway conditions read it. */
  variables: Record<string, unknown>;
  /**
   * More variables only decision tables read (e.g. what the applicant's account vouches for), asked
   * for only when the process has a business-rule task: other processes do not pay its lookups.
   */
  ruleFacts?: () => Promise<Record<string, unknown>>;
  /** Whose personal data the variables are (the applicant's account). */
  dataSubjectId?: string;
  title: { caseNumber: string; itemNameZh: string; itemNameEn: string; applicantName: string };
  /** The promised time limit (承诺时限); by default the working days of the process's longest route. */
  dueInWorkingDays?: number;
  /** The statutory time limit (法定时限); by default the promised one. */
  statutoryWorkingDays?: number;
  /** Working days a department head may add in total; by default SLA_MAX_EXTENSION_DAYS. */
  extensionAllowanceDays?: number;
}

/** Resolves every department the process names, once, so no later step asks the org module. */
async function resolveDepartments(
  db: Db,
  graph: ProcessGraph,
  ownerDepartmentId: string,
): Promise<Record<string, repo.DepartmentRef>> {
  const refs: Record<string, repo.DepartmentRef> = {};
  for (const ref of departmentRefsOf(graph)) {
    const dept =
      ref === '$owner' ? await getDepartment(db, ownerDepartmentId) : await getDepartmentByCode(db, ref);
    if (!dept) throw new AppError('WORKFLOW_DEPARTMENT_UNKNOWN', [{ department: ref }], { department: ref });
    refs[ref] = { id: dept.id, code: dept.code, nameZh: dept.nameZh, nameEn: dept.nameEn };
  }
  return refs;
}

/**
 * Starts the latest version of a process inside the caller's transaction (the case row, its
 * workflow and their events commit together) and creates its first tasks.
 */
export async function startProcess(
  tx: Db,
  input: StartProcessInput,
): Promise<{ instanceId: string; dueAt: string; view: InstanceView }> {
  const def = await repo.latestDefinitionRef(tx, input.processKey);
  if (!def) throw new AppError('WORKFLOW_DEFINITION_NOT_FOUND');
  const graph = await graphOf(tx, def.id);
  const at = now();
  // One calendar read for the case's limits and the deadlines of its first tasks.
  const caseDays = input.dueInWorkingDays ?? graph.totalDays;
  const deadlines = await deadlineCalculator(tx, input.regionCode, at);
  const dueAt = await deadlines(caseDays);
  const statutoryDueAt = await deadlines(Math.max(input.statutoryWorkingDays ?? caseDays, caseDays));
  const instance: repo.InstanceRow = {
    id: uuidv7(),
    definition_id: def.id,
    process_key: def.key,
    business_key: input.businessKey,
    region_code: input.regionCode,
    owner_department_id: input.ownerDepartmentId,
    variables:
      input.ruleFacts && hasRules(graph)
        ? { ...input.variables, ...(await input.ruleFacts()) }
        : input.variables,
    departments: await resolveDepartments(tx, graph, input.ownerDepartmentId),
    title: { ...input.title, applicantName: maskName(input.title.applicantName) },
    status: 'running',
    outcome: null,
    started_at: at,
    due_at: dueAt,
    statutory_due_at: statutoryDueAt,
    extension_allowance_days: input.extensionAllowanceDays ?? defaultExtensionAllowance(),
    paused_at: null,
    ended_at: null,
    data_subject_id: input.dataSubjectId ?? null,
  };
  await repo.insertInstance(tx, instance);
  const step = beginStep(tx, graph, instance, at, deadlines);
  await startTokens(step);
  const ended = await settle(step);
  await appendAudit(tx, {
    actorId: null,
    actorKind: 'system',
    action: 'workflow.instance.start',
    subjectType: 'workflow_instance',
    subjectId: instance.id,
    details: { processKey: def.key, version: def.version, businessKey: input.businessKey },
  });
  if (ended) await auditEnd(tx, instance.id, 'approved');
  // The caller shows the new case at once: its view from what was just written, not read back.
  const view = instanceView(
    graph,
    ended
      ? {
          ...step.instance,
          status: 'completed',
          outcome: 'approved',
          ended_at: at,
          decided_by: step.decidedBy,
        }
      : step.instance,
    [...step.created].sort((a, b) => (a.id < b.id ? -1 : 1)),
    { pauses: [], extensions: [], escalations: [] },
    at,
    step.ruleSteps,
  );
  return { instanceId: instance.id, dueAt: dueAt.toISOString(), view };
}

export function auditEnd(tx: Db, instanceId: string, outcome: 'approved' | 'rejected') {
  return appendAudit(tx, {
    actorId: null,
    actorKind: 'system',
    action: 'workflow.instance.end',
    subjectType: 'workflow_instance',
    subjectId: instanceId,
    details: { outcome },
  });
}

async function lockedInstance(tx: Db, instanceId: string): Promise<repo.InstanceRow> {
  const instance = await repo.lockInstance(tx, instanceId);
  if (!instance) throw new AppError('WORKFLOW_INSTANCE_NOT_FOUND');
  return instance;
}

/**
 * After the applicant supplemented a returned case: the clock restarts (every limit moves by the
 * working days the case waited) and the returned steps open again, for the same departments, with
 * the time they had left when they were returned.
 */
export async function resumeAfterSupplement(
  tx: Db,
  instanceId: string,
  variables: Record<string, unknown>,
): Promise<void> {
  const instance = await lockedInstance(tx, instanceId);
  if (instance.status !== 'waiting_applicant') throw new AppError('WORKFLOW_INSTANCE_NOT_WAITING');
  const at = now();
  // What earlier business-rule tasks decided stays: the corrected answers replace only the answers.
  variables = { ...instance.variables, ...variables };
  await repo.updateInstance(tx, instanceId, { status: 'running', variables });
  const later = await resumeFromSupplement(tx, instance, at);
  const tokens = await repo.returnedTokens(tx, instanceId);
  const returned = await repo.returnedTasksOf(
    tx,
    instanceId,
    tokens.map((t) => t.id),
  );
  await repo.setTokenStatus(
    tx,
    tokens.map((t) => t.id),
    'active',
  );
  const step = beginStep(
    tx,
    await graphOf(tx, instance.definition_id),
    { ...instance, variables, paused_at: null },
    at,
  );
  for (const token of tokens) {
    const task = returned.find((r) => r.token_id === token.id);
    reopen(step, token.id, token.node_id, task ? later(task.due_at) : undefined);
  }
  await settle(step);
  await appendAudit(tx, {
    actorId: null,
    actorKind: 'system',
    action: 'workflow.instance.resume',
    subjectType: 'workflow_instance',
    subjectId: instanceId,
    details: { steps: tokens.map((t) => t.node_id) },
  });
}

/** Stops an instance for good (the applicant withdrew): open tasks are cancelled. Idempotent. */
export async function terminateInstance(tx: Db, instanceId: string, reason: string): Promise<void> {
  const instance = await lockedInstance(tx, instanceId);
  if (instance.status === 'completed' || instance.status === 'terminated') return;
  const at = now();
  await repo.cancelLiveTokens(tx, instanceId);
  await repo.cancelOpenTasks(tx, instanceId, at);
  await repo.updateInstance(tx, instanceId, { status: 'terminated', ended_at: at });
  await appendAudit(tx, {
    actorId: null,
    actorKind: 'system',
    action: 'workflow.instance.terminate',
    subjectType: 'workflow_instance',
    subjectId: instanceId,
    details: { reason },
  });
}

export async function departmentsInvolved(db: Db, instanceId: string): Promise<string[]> {
  const departments = await repo.departmentsOfInstance(db, instanceId);
  const owner = await auto.ruleOwnerDepartment(db, instanceId);
  return owner && !departments.includes(owner) ? [...departments, owner] : departments;
}

export interface InstanceStepView {
  taskId: string;
  key: string;
  name: string;
  nameZh: string;
  nameEn: string;
  stage: 'acceptance' | 'review' | null;
  departmentId: string;
  departmentCode: string;
  departmentNameZh: string;
  departmentNameEn: string;
  role: string;
  assigneeId: string | null;
  assigneeName: string | null;
  status: repo.TaskStatus;
  outcome: repo.TaskOutcome | null;
  note: string | null;
  createdAt: string;
  completedAt: string | null;
  dueAt: string;
  light: SlaLight | null;
  escalationLevel: 'yellow' | 'red' | null;
  /** A countersign signer's task: its place among the step's signers. */
  signer: { slot: number; count: number } | null;
}

export interface InstanceView extends AutomationView {
  instanceId: string;
  processKey: string;
  businessKey: string;
  status: repo.InstanceStatus;
  outcome: 'approved' | 'rejected' | null;
  startedAt: string;
  /** The promised limit (what the light uses). */
  dueAt: string;
  statutoryDueAt: string;
  endedAt: string | null;
  light: SlaLight | null;
  progress: { completed: number; total: number; percent: number };
  steps: InstanceStepView[];
  /** Both limits, the stopped clock, extensions, as officers see them (clockForApplicant hides the rest). */
  clock: CaseClock;
  /** Pauses, resumes, extension requests and decisions, escalations, oldest first (officers' view). */
  clockEvents: ClockEvent[];
}

interface ClockRows {
  pauses: repo.PauseRow[];
  extensions: repo.ExtensionRow[];
  escalations: repo.EscalationRow[];
}

/**
 * Progress counts approved steps against the steps of the longest route still possible: on a
 * route with an exclusive choice, only the branch taken counts once it is known.
 */
function progressOf(graph: ProcessGraph, instance: repo.InstanceRow, tasks: repo.TaskRow[]) {
  const passed = passedRounds(graph, tasks, instance.variables);
  const approved = new Set(
    tasks
      .filter((t) => t.outcome === 'approve' && (t.signer_slot == null || passed.has(t.token_id)))
      .map((t) => t.node_id),
  );
  const seen = new Set(tasks.map((t) => t.node_id));
  const possible = graph.routes.filter((r) => [...seen].every((n) => r.includes(n)));
  let total = Math.max(0, ...(possible.length ? possible : graph.routes).map((r) => r.length));
  if (instance.outcome === 'approved') total = approved.size;
  total = Math.max(total, approved.size);
  const completed = approved.size;
  return { completed, total, percent: total ? Math.round((completed * 100) / total) : 100 };
}

/** The case's workflow as the applicant's timeline and the officer's case view show it. */
export async function getInstanceView(db: Db, instanceId: string): Promise<InstanceView> {
  const instance = await repo.getInstance(db, instanceId);
  if (!instance) throw new AppError('WORKFLOW_INSTANCE_NOT_FOUND');
  const [tasks, graph, pauses, extensions, escalations] = [
    await repo.tasksOfInstance(db, instanceId),
    await graphOf(db, instance.definition_id),
    await repo.pausesOf(db, instanceId),
    await repo.extensionsOf(db, instanceId),
    await repo.escalationsOf(db, instanceId),
  ];
  const ruleSteps = hasRules(graph) ? await auto.ruleStepsOf(db, instanceId) : [];
  return instanceView(graph, instance, tasks, { pauses, extensions, escalations }, now(), ruleSteps);
}

function instanceView(
  graph: ProcessGraph,
  instance: repo.InstanceRow,
  tasks: repo.TaskRow[],
  rows: ClockRows,
  at: Date,
  ruleSteps: auto.RuleStepRow[],
): InstanceView {
  const instanceId = instance.id;
  return {
    ...automationView(graph, instance, tasks, ruleSteps),
    instanceId,
    processKey: instance.process_key,
    businessKey: instance.business_key,
    status: instance.status,
    outcome: instance.outcome,
    startedAt: instance.started_at.toISOString(),
    dueAt: instance.due_at.toISOString(),
    statutoryDueAt: instance.statutory_due_at.toISOString(),
    endedAt: instance.ended_at?.toISOString() ?? null,
    light: caseLight(instance, at),
    progress: progressOf(graph, instance, tasks),
    steps: tasks.map((t) => ({
      taskId: t.id,
      key: t.node_id,
      name: t.name_zh,
      nameZh: t.name_zh,
      nameEn: t.name_en,
      stage: t.stage,
      departmentId: t.department_id,
      departmentCode: t.department_code,
      departmentNameZh: t.department_name_zh,
      departmentNameEn: t.department_name_en,
      role: t.role,
      assigneeId: t.assignee_id,
      assigneeName: t.assignee_name,
      status: t.status,
      outcome: t.outcome,
      note: t.note,
      createdAt: t.created_at.toISOString(),
      completedAt: t.completed_at?.toISOString() ?? null,
      dueAt: t.due_at.toISOString(),
      light: taskLight(t, at),
      escalationLevel: t.escalation_level,
      signer:
        t.signer_slot === null || t.signer_slot === undefined
          ? null
          : { slot: t.signer_slot, count: t.signer_count ?? 0 },
    })),
    clock: clockOf(instance, rows.pauses, rows.extensions, at, 'officer'),
    clockEvents: clockEventsOf(rows.pauses, rows.extensions, rows.escalations),
  };
}
