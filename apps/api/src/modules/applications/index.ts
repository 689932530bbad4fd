import { IntervalJob } from '../../platform/interval-job.ts';
import type { TongbanModule } from '../../platform/module.ts';
import { subscribeApplications } from './applications.handlers.ts';
import { applicationsRetention } from './applications.retention.ts';
import { applicationsRoutes } from './applications.routes.ts';
import { caseworkRoutes } from './casework.routes.ts';
import { runDeferralPass } from './deferral.job.ts';
import { useFieldCipher } from './form-seal.ts';
import { onBehalfRoutes } from './on-behalf.routes.ts';

export type {
  ApplicationRevoked,
  ApplicationStatusChanged,
  ApplicationSubmitted,
  ApplicationSupplemented,
  ApplicationWithdrawn,
} from './applications.events.ts';

// For the bundles module (一件事): file several cases in one transaction, withdraw them, show them.
export { applicantCaseViews, caseStatuses, storeMaterialFile } from './applications.service.ts';
export { caseYear } from './case-number.ts';
export { openForm, sealForm } from './form-seal.ts';
export { receiveMaterialUpload } from './material-upload.ts';
export { type PreparedMaterial, submitPrepared, withdrawOpenCase } from './submission.service.ts';

export const applicationsModule: TongbanModule = {
  name: 'applications',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: async (app) => {
    await applicationsRoutes(app);
    await onBehalfRoutes(app);
    await caseworkRoutes(app);
  },
  subscribe: (ctx) => {
    useFieldCipher(ctx);
    subscribeApplications(ctx);
  },
  retention: applicationsRetention,
  fileReferences: [
    { table: 'applications_materials', column: 'sha256' },
    // A returned case keeps the materials it had then, for the officer's diff.
    { table: 'applications_supplement_rounds', column: 'materials_before', jsonKey: 'sha256' },
  ],
  encryptedColumns: [
    { table: 'applications_applications', key: 'id', columns: ['form_data_enc'] },
    { table: 'applications_supplement_rounds', key: 'id', columns: ['form_before_enc', 'diff_enc'] },
  ],
  // The 容缺 deadline job: in every process; its SKIP LOCKED claims share the work (deferral.job.ts).
  async start(ctx) {
    const job = new IntervalJob('applications.deferrals', ctx.log, ctx.config.deferralJobIntervalMs, () =>
      runDeferralPass(ctx),
    );
    job.start();
    return () => job.stop();
  },
};
