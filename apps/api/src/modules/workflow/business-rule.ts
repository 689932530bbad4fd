import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { evaluateDecision, missingDecisionTables, recordEvaluation } from '../decisions/index.ts';
import * as auto from './automation.repository.ts';
import type { GraphNode, ProcessGraph } from './bpmn.ts';
import * as repo from './workflow.repository.ts';

/**
 * Business-rule tasks: when a token reaches one, the decision table runs at once, in the same
 * transaction, over the instance variables (the answers by dictionary key and by form section,
 * and what the applicant's account vouches for under `applicant`). Its outputs are merged into
 * the variables under the task's result variable (gateways read e.g. `decision.decision`), the
 * evaluation is stored with its trace by the decisions module (subject: the case), and the
 * instance history gets an "automated check" step naming the evaluation.
 *
 * A table that cannot be evaluated (a UNIQUE table with two matches, a FEEL error) does not stop
 * the submission: the result variable is null, so the process takes its default (human) path,
 * and the step records the error for the officers.
 */
export interface RuleStepRun {
  row: auto.RuleStepRow;
  variables: Record<string, unknown>;
}

/** Business keys of instances are case ids: evaluations are filed under the case. */
const SUBJECT_TYPE = 'application';

export async function runBusinessRule(
  tx: Db,
  node: GraphNode,
  instance: repo.InstanceRow,
  at: Date,
): Promise<RuleStepRun> {
  const { decision, resultVariable } = node.rule!;
  let outputs: unknown = null;
  let matched: string[] = [];
  let evaluationId: string | null = null;
  let error: string | null = null;
  try {
    const result = await evaluateDecision(tx, decision, instance.variables, { now: at });
    ({ outputs, matched } = result);
    ({ id: evaluationId } = await recordEvaluation(tx, {
      subjectType: SUBJECT_TYPE,
      subjectId: instance.business_key,
      context: instance.variables,
      result,
      ...(instance.data_subject_id ? { dataSubjectId: instance.data_subject_id } : {}),
    }));
  } catch (err) {
    // Only the evaluation itself may fail here (no statement failed, the transaction is intact).
    if (!(err instanceof AppError) || !err.code.startsWith('DECISION_') || evaluationId) throw err;
    error = err.code;
  }
  const variables = { ...instance.variables, [resultVariable]: outputs };
  await repo.updateInstance(tx, instance.id, { variables });
  const row: auto.RuleStepRow = {
    id: uuidv7(),
    instance_id: instance.id,
    node_id: node.id,
    name_zh: node.nameZh,
    name_en: node.nameEn,
    decision_key: decision,
    evaluation_id: evaluationId,
    error,
    outputs,
    matched_rules: matched,
    at,
  };
  await auto.insertRuleStep(tx, row);
  return { row, variables };
}

/** Deploy-time check: every decision table the process calls exists. */
export async function assertDecisionTablesExist(db: Db, graph: ProcessGraph): Promise<void> {
  const keys = Object.values(graph.nodes).flatMap((n) => (n.rule ? [n.rule.decision] : []));
  if (!keys.length) return;
  const missing = await missingDecisionTables(db, keys);
  if (missing.length) {
    throw new AppError(
      'WORKFLOW_DECISION_UNKNOWN',
      missing.map((key) => ({ decision: key })),
      { decision: missing.join(', ') },
    );
  }
}

export interface RuleStepView {
  key: string;
  nameZh: string;
  nameEn: string;
  decisionKey: string;
  evaluationId: string | null;
  error: string | null;
  outputs: unknown;
  matchedRules: string[];
  at: string;
}

export function presentRuleStep(r: auto.RuleStepRow): RuleStepView {
  return {
    key: r.node_id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    decisionKey: r.decision_key,
    evaluationId: r.evaluation_id,
    error: r.error,
    outputs: r.outputs ?? null,
    matchedRules: r.matched_rules,
    at: r.at.toISOString(),
  };
}

/** Whether a process has business-rule tasks (else there is no rule step to read). */
export function hasRules(graph: ProcessGraph): boolean {
  return Object.values(graph.nodes).some((n) => n.type === 'businessRule');
}
