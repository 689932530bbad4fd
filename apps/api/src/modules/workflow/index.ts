import { IntervalJob } from '../../platform/interval-job.ts';
import type { TongbanModule } from '../../platform/module.ts';
import { escalateDueTasks } from './escalation.ts';
import { workflowRoutes } from './workflow.routes.ts';
import { bindRuntime, calendarCache } from './workflow.runtime.ts';
import { sealLegacyVariables } from './workflow.seal.ts';

import './workflow.events.ts';

export { addWorkingDays } from './calendar.service.ts';
export type { ClockEvent, ClockEventKind } from './clock.service.ts';
export { clockEventsForApplicant, clockForApplicant } from './clock.service.ts';
export {
  type TaskCompletionAttempt,
  type TaskCompletionGuard,
  useTaskCompletionGuard,
} from './completion-guard.ts';
export { deployDefinition } from './definitions.service.ts';
// Inside the caller's transaction: applications completes the officer's task and records what the
// officer decided about the case (materials owed, fields to correct) in one unit of work.
export { completeTask } from './tasks.service.ts';
export type {
  WorkflowClockChanged,
  WorkflowExtensionRequested,
  WorkflowInstanceEnded,
  WorkflowTaskCompleted,
  WorkflowTaskCreated,
  WorkflowTaskEscalated,
} from './workflow.events.ts';
export { seedDemoWorkflows } from './workflow.seed.ts';
export type { InstanceStepView, InstanceView, StartProcessInput } from './workflow.service.ts';
export {
  departmentsInvolved,
  getInstanceView,
  resumeAfterSupplement,
  startProcess,
  terminateInstance,
} from './workflow.service.ts';

import { forgetApplicants } from './workflow.forget.ts';

export const workflowModule: TongbanModule = {
  name: 'workflow',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: workflowRoutes,
  subscribe: (ctx) => {
    bindRuntime(ctx);
    // Retention anonymised these cases: their instances forget the applicant (workflow.forget.ts).
    ctx.outbox.on('application.anonymised', 'workflow.forgetApplicant', (e, meta) =>
      forgetApplicants(meta.db, e.caseIds).then(() => undefined),
    );
  },
  encryptedColumns: [{ table: 'workflow_instances', key: 'id', columns: ['variables_enc'] }],
  // Every process keeps its calendar cache true (LISTEN) and runs the escalation job; the job's
  // SKIP LOCKED claim lets the processes share the work without escalating a task twice.
  async start(ctx) {
    const stopListening = await calendarCache()!.listen(ctx.listen);
    // Instances from before their variables were sealed get sealed in the background, once.
    const sealing = sealLegacyVariables(ctx.db, ctx.fields).catch((err) =>
      ctx.log.warn({ err }, 'sealing legacy workflow variables failed'),
    );
    const job = new IntervalJob(
      'workflow.escalations',
      ctx.log,
      ctx.config.slaEscalationIntervalMs,
      async () => ({
        escalations: await escalateDueTasks(ctx.db, ctx.now()),
      }),
    );
    job.start();
    return async () => {
      await job.stop();
      await sealing;
      await stopListening();
    };
  },
};
