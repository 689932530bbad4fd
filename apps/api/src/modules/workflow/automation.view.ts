import type { RuleStepRow } from './automation.repository.ts';
import type { ProcessGraph } from './bpmn.ts';
import { presentRuleStep, type RuleStepView } from './business-rule.ts';
import { type CountersignProgress, countersignProgress } from './multi-instance.ts';
import type { InstanceRow, TaskRow } from './workflow.repository.ts';

/** What the instance view shows of automated checks, countersign steps and the post-approval review. */
export interface AutomationView {
  /** `rules`: a decision table approved the case without any officer (instant approval). */
  decidedBy: 'rules' | 'officer' | null;
  /** Business-rule tasks passed, oldest first, each naming its stored evaluation. */
  automatedChecks: RuleStepView[];
  /** Countersign rounds (n of m signed). */
  countersigns: CountersignProgress[];
  /** The post-approval review (事后抽查) of an automatic approval, when the case was drawn for one. */
  review: PostApprovalReview | null;
}

export interface PostApprovalReview {
  taskId: string;
  status: TaskRow['status'];
  outcome: 'confirm' | 'flag' | null;
  note: string | null;
  reviewerName: string | null;
  createdAt: string;
  completedAt: string | null;
}

export function automationView(
  graph: ProcessGraph,
  instance: InstanceRow,
  tasks: TaskRow[],
  ruleSteps: RuleStepRow[],
): AutomationView {
  const review = tasks.find((t) => t.stage === 'review');
  return {
    decidedBy: instance.decided_by ?? null,
    automatedChecks: ruleSteps.map(presentRuleStep),
    countersigns: countersignProgress(graph, tasks, instance.status, instance.variables),
    review: review
      ? {
          taskId: review.id,
          status: review.status,
          outcome: review.outcome === 'confirm' || review.outcome === 'flag' ? review.outcome : null,
          note: review.note,
          reviewerName: review.status === 'completed' ? review.assignee_name : null,
          createdAt: review.created_at.toISOString(),
          completedAt: review.completed_at?.toISOString() ?? null,
        }
      : null,
  };
}
