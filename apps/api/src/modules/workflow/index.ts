import type { TongbanModule } from '../../platform/module.ts';
import { workflowRoutes } from './workflow.routes.ts';
import { bindRuntime } from './workflow.runtime.ts';

import './workflow.events.ts';

export { addWorkingDays } from './calendar.service.ts';
export {
  type TaskCompletionAttempt,
  type TaskCompletionGuard,
  useTaskCompletionGuard,
} from './completion-guard.ts';
export { deployDefinition } from './definitions.service.ts';
export type { WorkflowInstanceEnded, WorkflowTaskCompleted, WorkflowTaskCreated } from './workflow.events.ts';
export { seedDemoWorkflows } from './workflow.seed.ts';
// Inside the caller's transaction: applications completes the officer's task and records what the
// officer decided about the case (materials owed, fields to correct) in one unit of work.
export { completeTask } from './tasks.service.ts';
export type { InstanceStepView, InstanceView, StartProcessInput } from './workflow.service.ts';
export {
  departmentsInvolved,
  getInstanceView,
  resumeAfterSupplement,
  startProcess,
  terminateInstance,
} from './workflow.service.ts';

export const workflowModule: TongbanModule = {
  name: 'workflow',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: workflowRoutes,
  subscribe: bindRuntime,
};
