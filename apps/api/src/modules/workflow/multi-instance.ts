import { evaluate } from 'feelin';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { getDepartment, getDepartmentByCode } from '../org/index.ts';
import * as auto from './automation.repository.ts';
import type { GraphNode, ProcessGraph } from './bpmn.ts';
import { MAX_SIGNERS, parseSigners, type Signer } from './bpmn-extensions.ts';
import { conditionHolds } from './feel.ts';
import type { DepartmentRef, InstanceRow, TaskRow } from './workflow.repository.ts';

/**
 * Countersign steps (会签 / 或签): a multi-instance user task gives each signer a task of their own,
 * in their own department's inbox. After each signer's decision the step's completion condition
 * is evaluated over the counters; when it holds, the step passes (the other signers' open tasks are
 * cancelled and the token moves on); when it can no longer hold even if every signer still open
 * approved, the step fails and the case is rejected. All of it runs under the instance row lock,
 * so of two last signers deciding at once exactly one completes the step.
 */
export interface Assignee {
  dept: DepartmentRef;
  role: string;
  slot: number;
  count: number;
}

export interface SignerCounters {
  nrOfInstances: number;
  nrOfCompletedInstances: number;
  nrOfActiveInstances: number;
  nrOfApprovals: number;
  nrOfRejections: number;
}

/** Every department code a process names up front (countersign signers included), resolved at start. */
export function departmentRefsOf(graph: ProcessGraph): string[] {
  const refs = new Set(graph.steps.map((s) => s.department));
  for (const n of Object.values(graph.nodes)) for (const s of n.multi?.signers ?? []) refs.add(s.department);
  // The post-approval review of an automatic approval goes to the owning department.
  if (Object.values(graph.nodes).some((n) => n.type === 'businessRule')) refs.add('$owner');
  return [...refs];
}

function signersFromValue(value: unknown, node: GraphNode): Signer[] {
  const items = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  const signers = items.map((item) => {
    if (typeof item === 'string' && /^\S+:\S+$/.test(item.trim())) return parseSigners(item.trim())[0];
    if (item && typeof item === 'object') {
      const { department, role } = item as Record<string, unknown>;
      if (typeof department === 'string' && typeof role === 'string') return { department, role };
    }
    return undefined;
  });
  if (signers.some((s) => !s) || !items.length || items.length > MAX_SIGNERS) {
    throw new AppError('WORKFLOW_SIGNERS_INVALID', [{ task: node.id, value: JSON.stringify(value) }], {
      task: node.id,
    });
  }
  return signers as Signer[];
}

/** The signers of a countersign step for this case: named in the process, or computed by FEEL. */
async function signersOf(tx: Db, node: GraphNode, instance: InstanceRow): Promise<Assignee[]> {
  const multi = node.multi!;
  let signers = multi.signers;
  if (!signers) {
    let value: unknown;
    try {
      value = evaluate(multi.signersExpression!, instance.variables).value;
    } catch {
      value = undefined;
    }
    signers = signersFromValue(value, node);
  }
  const seen = new Set<string>();
  const assignees: Assignee[] = [];
  for (const s of signers) {
    const key = `${s.department}:${s.role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    assignees.push({
      dept: await departmentRef(tx, instance, s.department),
      role: s.role,
      slot: 0,
      count: 0,
    });
  }
  return assignees.map((a, slot) => ({ ...a, slot, count: assignees.length }));
}

/** A department the process names: resolved at start, or (signers computed per case) looked up now. */
async function departmentRef(tx: Db, instance: InstanceRow, ref: string): Promise<DepartmentRef> {
  const known = instance.departments[ref];
  if (known) return known;
  const dept =
    ref === '$owner'
      ? await getDepartment(tx, instance.owner_department_id)
      : await getDepartmentByCode(tx, ref);
  if (!dept) throw new AppError('WORKFLOW_DEPARTMENT_UNKNOWN', [{ department: ref }], { department: ref });
  return { id: dept.id, code: dept.code, nameZh: dept.nameZh, nameEn: dept.nameEn };
}

/**
 * The tasks to create for a countersign step a token reached: every signer the first time; after
 * a return for supplement, only the signers whose task went back (the others' decisions stand).
 */
export async function assigneesFor(
  tx: Db,
  node: GraphNode,
  instance: InstanceRow,
  tokenId: string,
): Promise<Assignee[]> {
  const earlier = await auto.signerTasksOf(tx, tokenId);
  if (!earlier.length) return signersOf(tx, node, instance);
  const latest = latestPerSlot(earlier);
  const refs = new Map(Object.values(instance.departments).map((d) => [d.id, d]));
  const reopened: Assignee[] = [];
  for (const t of latest.values()) {
    if (t.status !== 'returned') continue;
    const dept = refs.get(t.department_id) ?? (await departmentById(tx, t.department_id));
    reopened.push({ dept, role: t.role, slot: t.signer_slot!, count: t.signer_count! });
  }
  return reopened;
}

async function departmentById(tx: Db, id: string): Promise<DepartmentRef> {
  const dept = await getDepartment(tx, id);
  if (!dept) throw new AppError('WORKFLOW_DEPARTMENT_UNKNOWN', [{ department: id }], { department: id });
  return { id: dept.id, code: dept.code, nameZh: dept.nameZh, nameEn: dept.nameEn };
}

type SignerTask = Pick<TaskRow, 'status' | 'outcome' | 'signer_slot' | 'signer_count'>;

/** Each signer's latest task (a task returned for supplement is followed by a new one). */
function latestPerSlot<T extends SignerTask>(tasks: T[]): Map<number, T> {
  const latest = new Map<number, T>();
  for (const t of tasks) latest.set(t.signer_slot!, t);
  return latest;
}

export function countersOf(tasks: SignerTask[]): SignerCounters {
  const latest = [...latestPerSlot(tasks).values()];
  const nrOfInstances = latest[0]?.signer_count ?? 0;
  const nrOfApprovals = latest.filter((t) => t.status === 'completed' && t.outcome === 'approve').length;
  const nrOfRejections = latest.filter((t) => t.status === 'completed' && t.outcome === 'reject').length;
  const nrOfActiveInstances = latest.filter((t) => ['open', 'claimed', 'returned'].includes(t.status)).length;
  return {
    nrOfInstances,
    nrOfCompletedInstances: nrOfApprovals + nrOfRejections,
    nrOfActiveInstances,
    nrOfApprovals,
    nrOfRejections,
  };
}

/**
 * Whether the step passes, fails, or waits for more signers: it passes when the completion
 * condition holds; it fails when the condition would not hold even if every signer still to
 * decide approved.
 */
export function verdictOf(
  node: GraphNode,
  variables: Record<string, unknown>,
  c: SignerCounters,
): 'pass' | 'fail' | 'pending' {
  const completion = node.multi!.completion;
  if (conditionHolds(completion, { ...variables, ...c })) return 'pass';
  const best: SignerCounters = {
    nrOfInstances: c.nrOfInstances,
    nrOfCompletedInstances: c.nrOfInstances,
    nrOfActiveInstances: 0,
    nrOfApprovals: c.nrOfApprovals + c.nrOfActiveInstances,
    nrOfRejections: c.nrOfRejections,
  };
  return conditionHolds(completion, { ...variables, ...best }) ? 'pending' : 'fail';
}

/** After a signer decided (the instance row is locked): the step's verdict from every signer's latest task. */
export async function countersignVerdict(
  tx: Db,
  graph: ProcessGraph,
  instance: InstanceRow,
  task: Pick<TaskRow, 'node_id' | 'token_id'>,
): Promise<'pass' | 'fail' | 'pending'> {
  const node = graph.nodes[task.node_id]!;
  return verdictOf(node, instance.variables, countersOf(await auto.signerTasksOf(tx, task.token_id)));
}

/**
 * The tokens whose countersign round passed: a signer's approval counts as the step done only then
 * (the case progress bar does not move on one signature of two).
 */
export function passedRounds(
  graph: ProcessGraph,
  tasks: (SignerTask & Pick<TaskRow, 'node_id' | 'token_id'>)[],
  variables: Record<string, unknown>,
): Set<string> {
  const rounds = new Map<string, typeof tasks>();
  for (const t of tasks) {
    if (t.signer_slot === null || t.signer_slot === undefined) continue;
    rounds.set(t.token_id, [...(rounds.get(t.token_id) ?? []), t]);
  }
  const passed = new Set<string>();
  for (const [token, round] of rounds) {
    const node = graph.nodes[round[0]!.node_id];
    if (node?.multi && verdictOf(node, variables, countersOf(round)) === 'pass') passed.add(token);
  }
  return passed;
}

/** Progress of a countersign step as the case and task views show it (n of m signed). */
export interface CountersignProgress {
  key: string;
  mode: 'all' | 'any' | 'condition';
  completion: string;
  total: number;
  approvals: number;
  rejections: number;
  pending: number;
  status: 'open' | 'passed' | 'failed' | 'cancelled';
}

/** One entry per countersign round (token) in `tasks`, in the order the rounds began. */
export function countersignProgress(
  graph: ProcessGraph,
  tasks: (SignerTask & Pick<TaskRow, 'node_id' | 'token_id'>)[],
  instanceStatus: InstanceRow['status'],
  variables: Record<string, unknown>,
): CountersignProgress[] {
  const rounds = new Map<string, (SignerTask & Pick<TaskRow, 'node_id' | 'token_id'>)[]>();
  for (const t of tasks) {
    if (t.signer_slot === null || t.signer_slot === undefined) continue;
    const round = rounds.get(t.token_id) ?? [];
    round.push(t);
    rounds.set(t.token_id, round);
  }
  return [...rounds.values()].map((round) => {
    const node = graph.nodes[round[0]!.node_id]!;
    const c = countersOf(round);
    const verdict = node.multi ? verdictOf(node, variables, c) : 'pending';
    const live = instanceStatus === 'running' || instanceStatus === 'waiting_applicant';
    const status =
      verdict === 'pass' ? 'passed' : verdict === 'fail' ? 'failed' : live ? 'open' : 'cancelled';
    return {
      key: node.id,
      mode: node.multi?.mode ?? 'condition',
      completion: node.multi?.completion ?? '',
      total: c.nrOfInstances,
      approvals: c.nrOfApprovals,
      rejections: c.nrOfRejections,
      pending: c.nrOfActiveInstances,
      status,
    };
  });
}
