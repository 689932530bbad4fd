import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { RuleStepRow } from './automation.repository.ts';
import type { GraphNode, ProcessGraph } from './bpmn.ts';
import { runBusinessRule } from './business-rule.ts';
import { deadlineCalculator } from './calendar.service.ts';
import { yellowFrom } from './calendar.ts';
import { conditionHolds } from './feel.ts';
import { type Assignee, assigneesFor } from './multi-instance.ts';
import { REVIEW_NODE, sampledForReview } from './sampling.ts';
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
  /** User tasks reached during this step, created together at `settle` (due in the step's days unless given). */
  reached: { node: GraphNode; tokenId: string; dueAt?: Date; assignee?: Assignee }[];
  reachedEnd: boolean;
  /** The token that reached an end event: a post-approval review hangs on it. */
  endTokenId?: string;
  /**
   * Who decides if the instance ends in this step: `officer` once an officer's decision moved it,
   * else `rules` after a business-rule task (an automatic approval).
   */
  decidedBy?: 'rules' | 'officer';
  /** Business-rule tasks passed in this step. */
  ruleSteps: RuleStepRow[];
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
    ruleSteps: [],
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
        s.endTokenId = at.tokenId;
        break;
      case 'businessRule': {
        const run = await runBusinessRule(s.tx, node, s.instance, s.now);
        s.instance = { ...s.instance, variables: run.variables };
        s.ruleSteps.push(run.row);
        s.decidedBy ??= 'rules';
        pending.push({ tokenId: at.tokenId, nodeId: targetOf(s, node.outgoing[0]!) });
        break;
      }
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

/** Creates tasks for tokens put back on a step (resume after supplement), due when the returned one was, moved. */
export function reopen(s: Step, tokenId: string, nodeId: string, dueAt?: Date): void {
  s.reached.push({ node: s.graph.nodes[nodeId]!, tokenId, ...(dueAt ? { dueAt } : {}) });
}

/**
 * Writes the tasks reached in this step (one calendar query for all their deadlines) with their
 * `workflow.task.created` events, and completes the instance when no live token is left.
 * Returns true when the instance ended.
 */
export async function settle(s: Step): Promise<boolean> {
  if (s.reached.length) {
    await assignSigners(s);
    const { instance: inst } = s;
    const deadline = s.deadlines ?? (await deadlineCalculator(s.tx, inst.region_code, s.now));
    const tasks: repo.TaskRow[] = [];
    for (const { node, tokenId, dueAt, assignee } of s.reached) {
      const spec = node.task!;
      const dept = assignee?.dept ?? inst.departments[spec.department]!;
      const due = dueAt ?? (await deadline(spec.days));
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
        role: assignee?.role ?? spec.role,
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
        due_at: due,
        yellow_at: yellowFrom(s.now, due),
        paused_at: inst.paused_at,
        escalation_level: null,
        signer_slot: assignee?.slot ?? null,
        signer_count: assignee?.count ?? null,
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
  // No live token is left, so no open task either: nothing to cancel.
  await endInstance(s.tx, s.instance, 'approved', s.now, s.decidedBy, true);
  if (s.decidedBy === 'rules' && sampledForReview(s.graph, s.instance.business_key)) {
    // Not blocking: the case stays approved, the review task hangs on the token that ended it.
    s.reachedEnd = false;
    s.reached.push({ node: REVIEW_NODE, tokenId: s.endTokenId! });
    await settle(s);
  }
  return true;
}

/** A countersign step reached becomes one task per signer (multi-instance.ts). */
async function assignSigners(s: Step): Promise<void> {
  if (!s.reached.some((r) => r.node.multi)) return;
  const reached: Step['reached'] = [];
  for (const r of s.reached) {
    if (!r.node.multi) reached.push(r);
    else
      for (const assignee of await assigneesFor(s.tx, r.node, s.instance, r.tokenId))
        reached.push({ ...r, assignee });
  }
  s.reached = reached;
}

/** Ends an instance with an outcome: every live token and open task is cancelled. */
export async function endInstance(
  tx: Db,
  instance: repo.InstanceRow,
  outcome: 'approved' | 'rejected',
  at: Date,
  decidedBy?: 'rules' | 'officer',
  nothingLive = false,
): Promise<void> {
  if (!nothingLive) {
    await repo.cancelLiveTokens(tx, instance.id);
    await repo.cancelOpenTasks(tx, instance.id, at);
  }
  await repo.updateInstance(tx, instance.id, {
    status: 'completed',
    outcome,
    ended_at: at,
    ...(decidedBy ? { decided_by: decidedBy } : {}),
  });
  await outbox().enqueue(tx, 'workflow.instance.ended', {
    instanceId: instance.id,
    businessKey: instance.business_key,
    outcome,
    ...(decidedBy ? { decidedBy } : {}),
  });
}
