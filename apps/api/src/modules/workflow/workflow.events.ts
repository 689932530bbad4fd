/** Events the workflow module writes to the outbox (in the transaction of the change). */
export interface WorkflowTaskCreated {
  instanceId: string;
  businessKey: string;
  taskId: string;
  taskKey: string;
  stage?: 'acceptance';
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
}

declare module '../../platform/outbox.ts' {
  interface OutboxEvents {
    'workflow.task.created': WorkflowTaskCreated;
    'workflow.task.completed': WorkflowTaskCompleted;
    'workflow.instance.ended': WorkflowInstanceEnded;
  }
}
