/** Events the workflow module writes to the outbox (in the transaction of the change). */
export interface WorkflowTaskCreated {
  instanceId: string;
  businessKey: string;
  taskId: string;
  taskKey: string;
  /** `review`: a post-approval review of an automatic approval (the case is already approved). */
  stage?: 'acceptance' | 'review';
  departmentId: string;
  role: string;
  dueAt: string;
}

export interface WorkflowTaskCompleted {
  instanceId: string;
  businessKey: string;
  taskId: string;
  taskKey: string;
  stage?: 'acceptance';
  departmentId: string;
  outcome: 'approve' | 'reject' | 'return';
  note: string;
  actorId: string;
}

export interface WorkflowInstanceEnded {
  instanceId: string;
  businessKey: string;
  outcome: 'approved' | 'rejected';
  /** `rules`: a decision table approved the case without any officer (instant approval). */
  decidedBy?: 'rules' | 'officer';
}

/** A post-approval review was closed: `flag` asks the department head to look at the case. */
export interface WorkflowReviewCompleted {
  instanceId: string;
  businessKey: string;
  taskId: string;
  departmentId: string;
  outcome: 'confirm' | 'flag';
  note: string;
  actorId: string;
}

/**
 * A task's light reached yellow or red: `role` in `departmentId` is to be told (notify) or was
 * given the task (reassign). Once per task and level.
 */
export interface WorkflowTaskEscalated {
  taskId: string;
  instanceId: string;
  businessKey: string;
  level: 'yellow' | 'red';
  action: 'notify' | 'reassign';
  departmentId: string;
  role: string;
}

/**
 * The case clock stopped, restarted, or its limits moved (extension): `dueAt` (promised) and
 * `statutoryDueAt` are the limits after the change (a reader wanting the latest asks getInstanceView).
 */
export interface WorkflowClockChanged {
  instanceId: string;
  businessKey: string;
  change: 'paused' | 'resumed' | 'extended';
  pauseKind?: 'supplement' | 'public_notice' | 'expert_review' | 'hearing' | 'on_site_inspection';
  workingDays?: number;
  dueAt: string;
  statutoryDueAt: string;
}

/** An officer asked the department head (dept_head of `departmentId`) for more time. */
export interface WorkflowExtensionRequested {
  extensionId: string;
  instanceId: string;
  businessKey: string;
  departmentId: string;
  days: number;
}

declare module '../../platform/outbox.ts' {
  interface OutboxEvents {
    'workflow.task.created': WorkflowTaskCreated;
    'workflow.task.completed': WorkflowTaskCompleted;
    'workflow.instance.ended': WorkflowInstanceEnded;
    'workflow.review.completed': WorkflowReviewCompleted;
    'workflow.task.escalated': WorkflowTaskEscalated;
    'workflow.instance.clockChanged': WorkflowClockChanged;
    'workflow.extension.requested': WorkflowExtensionRequested;
  }
}
