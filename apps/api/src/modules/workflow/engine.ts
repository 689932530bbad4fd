import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { GraphNode, ProcessGraph } from './bpmn.ts';
import { deadlineCalculator } from './calendar.service.ts';
import { conditionHolds } from './feel.ts';
import * as repo from './workflow.repository.ts';
import { outbox } from './workflow.runtime.ts';

/**
 * Moves tokens through a process graph. A token rests only at a user task (active), at a parallel
 * join waiting for its siblings (waiting), or at an end event (done); gateways are passed through
 * in the same transaction. The caller holds the instance row lock, so two steps of one instance
 * never interleave (a join sees every sibling that arrived before it).
 */
export interface Step {
  tx: Db;
  graph: ProcessGraph;
  instance: repo.InstanceRow;
  now: Date;
  /** User tasks reached during this step, created together at `settle`. */
  reached: { node: GraphNode; tokenId: string }[];
  reachedEnd: boolean;
  /** Tokens created in this step and not written yet: each is inserted where it first rests. */
  unwritten: Set<string>;
  /** Deadlines from `now`, when the caller already loaded the calendar for them. */
  deadlines?: (days: number) => Promise<Date>;
  /** Tasks written by `settle` during this step. */
  created: repo.TaskRow[];
}

export function beginStep(
  tx: Db,
  graph: ProcessGraph,
  instance: repo.InstanceRow,
  now: Date,
  deadlines?: (days: number) => Promise<Date>,
): Step {
  return {
    tx,
    graph,
    instance,
    now,
    reached: [],
    reachedEnd: false,
    unwritten: new Set(),
    deadlines,
    created: [],
  };
}

/** Writes where a token rests: one INSERT for a token born in this step, else one UPDATE. */
async function rest(s: Step, tokenId: string, nodeId: string, status: repo.TokenStatus): Promise<void> {
  if (s.unwritten.delete(tokenId)) {
    await repo.insertTokens(s.tx, [{ id: tokenId, instance_id: s.instance.id, node_id: nodeId, status }]);
  } else {
    await repo.moveToken(s.tx, tokenId, nodeId, status);
  }
}

function targetOf(s: Step, flowId: string): string {
  return s.graph.flows[flowId]!.target;
}

/** The outgoing flow an exclusive gateway takes: the first true condition, else its default. */
export function chooseFlow(graph: ProcessGraph, node: GraphNode, variables: Record<string, unknown>): string {
  if (node.outgoing.length === 1) return node.outgoing[0]!;
  for (const id of node.outgoing) {
    const condition = graph.flows[id]!.condition;
    if (id !== node.defaultFlow && condition !== undefined && conditionHolds(condition, variables)) return id;
  }
  if (node.defaultFlow) return node.defaultFlow;
  throw new AppError('WORKFLOW_NO_PATH', [{ gateway: node.id }], { gateway: node.id });
}

/** Puts a new token on the start event and runs it to its first resting places. */
export async function startTokens(s: Step): Promise<void> {
  const tokenId = uuidv7();
  s.unwritten.add(tokenId);
  await leave(s, tokenId, s.graph.startId);
}

/** Moves the token resting at `nodeId` along its outgoing flow(s) until every branch rests. */
export async function leave(s: Step, tokenId: string, nodeId: string): Promise<void> {
  const pending = [{ tokenId, nodeId: targetOf(s, s.graph.nodes[nodeId]!.outgoing[0]!) }];
  while (pending.length) {
    const at = pending.shift()!;
    const node = s.graph.nodes[at.nodeId]!;
    switch (node.type) {
      case 'userTask':
        await rest(s, at.tokenId, node.id, 'active');
        s.reached.push({ node, tokenId: at.tokenId });
        break;
      case 'end':
        await rest(s, at.tokenId, node.id, 'done');
        s.reachedEnd = true;
        break;
      case 'exclusive':
        pending.push({
          tokenId: at.tokenId,
          nodeId: targetOf(s, chooseFlow(s.graph, node, s.instance.variables)),
        });
        break;
      case 'start':
        pending.push({ tokenId: at.tokenId, nodeId: targetOf(s, node.outgoing[0]!) });
        break;
      case 'parallel': {
        if (node.incoming.length > 1) {
          await rest(s, at.tokenId, node.id, 'waiting');
          const waiting = await repo.waitingTokens(s.tx, s.instance.id, node.id);
          if (waiting.length < node.incoming.length) break;
          // Every branch arrived: this token goes on, its siblings end here.
          await repo.setTokenStatus(
            s.tx,
            waiting.filter((id) => id !== at.tokenId),
            'done',
          );
        }
        const [first, ...others] = node.outgoing;
        const forks = others.map((flow) => ({ flow, id: uuidv7() }));
        for (const f of forks) s.unwritten.add(f.id);
        pending.push({ tokenId: at.tokenId, nodeId: targetOf(s, first!) });
        for (const f of forks) pending.push({ tokenId: f.id, nodeId: targetOf(s, f.flow) });
        break;
      }
    }
  }
}

/** Creates tasks for tokens put back on a step (resume after supplement). */
export function reopen(s: Step, tokenId: string, nodeId: string): void {
  s.reached.push({ node: s.graph.nodes[nodeId]!, tokenId });
}

/**
 * Writes the tasks reached in this step (one calendar query for all their deadlines) with their
 * `workflow.task.created` events, and completes the instance when no live token is left.
 * Returns true when the instance ended.
 */
export async function settle(s: Step): Promise<boolean> {
  if (s.reached.length) {
    const { instance: inst } = s;
    const maxDays = Math.max(...s.reached.map((r) => r.node.task!.days));
    const deadline = s.deadlines ?? (await deadlineCalculator(s.tx, inst.region_code, s.now, maxDays));
    const tasks: repo.TaskRow[] = [];
    for (const { node, tokenId } of s.reached) {
      const spec = node.task!;
      const dept = inst.departments[spec.department]!;
      tasks.push({
        id: uuidv7(),
        instance_id: inst.id,
        token_id: tokenId,
        business_key: inst.business_key,
        region_code: inst.region_code,
        node_id: node.id,
        name_zh: node.nameZh,
        name_en: node.nameEn,
        stage: spec.stage,
        department_id: dept.id,
        department_code: dept.code,
        department_name_zh: dept.nameZh,
        department_name_en: dept.nameEn,
        role: spec.role,
        case_number: inst.title.caseNumber,
        item_name_zh: inst.title.itemNameZh,
        item_name_en: inst.title.itemNameEn,
        applicant_name: inst.title.applicantName,
        status: 'open',
        assignee_id: null,
        assignee_name: null,
        outcome: null,
        note: null,
        completed_by: null,
        created_at: s.now,
        claimed_at: null,
        completed_at: null,
        due_at: await deadline(spec.days),
      });
    }
    await repo.insertTasks(s.tx, tasks);
    s.created.push(...tasks);
    for (const task of tasks) {
      await outbox().enqueue(s.tx, 'workflow.task.created', {
        instanceId: inst.id,
        businessKey: inst.business_key,
        taskId: task.id,
        taskKey: task.node_id,
        ...(task.stage ? { stage: task.stage } : {}),
        departmentId: task.department_id,
        role: task.role,
        dueAt: task.due_at.toISOString(),
      });
    }
    s.reached = [];
  }
  if (!s.reachedEnd || (await repo.countLiveTokens(s.tx, s.instance.id)) > 0) return false;
  await endInstance(s.tx, s.instance, 'approved', s.now);
  return true;
}

/** Ends an instance with an outcome: every live token and open task is cancelled. */
export async function endInstance(
  tx: Db,
  instance: repo.InstanceRow,
  outcome: 'approved' | 'rejected',
  at: Date,
): Promise<void> {
  await repo.cancelLiveTokens(tx, instance.id);
  await repo.cancelOpenTasks(tx, instance.id, at);
  await repo.updateInstance(tx, instance.id, { status: 'completed', outcome, ended_at: at });
  await outbox().enqueue(tx, 'workflow.instance.ended', {
    instanceId: instance.id,
    businessKey: instance.business_key,
    outcome,
  });
}
