import type { TongbanModule } from '../../platform/module.ts';
import { workflowRoutes } from './workflow.routes.ts';
import { bindRuntime } from './workflow.runtime.ts';

import './workflow.events.ts';

export { addWorkingDays } from './calendar.service.ts';
export { deployDefinition } from './definitions.service.ts';
export type { WorkflowInstanceEnded, WorkflowTaskCompleted, WorkflowTaskCreated } from './workflow.events.ts';
export { seedDemoWorkflows } from './workflow.seed.ts';
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
