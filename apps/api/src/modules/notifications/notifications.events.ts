/**
 * `workflow.task.escalated` is emitted by workflow's SLA escalation job. Declared here until
 * workflow's own `workflow.events.ts` declares it; then this file goes (one declaration per event).
 * Both declarations must stay identical meanwhile.
 */
export interface WorkflowTaskEscalated {
  taskId: string;
  instanceId: string;
  businessKey: string;
  level: 'yellow' | 'red';
  action: 'notify' | 'reassign';
  departmentId: string;
  /** The role the rule escalates to (notified, or now holding the task), e.g. dept_head. */
  role: string;
}

declare module '../../platform/outbox.ts' {
  interface OutboxEvents {
    'workflow.task.escalated': WorkflowTaskEscalated;
  }
}
