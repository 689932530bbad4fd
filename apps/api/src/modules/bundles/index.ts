import type { TongbanModule } from '../../platform/module.ts';
import { bundlesRoutes } from './bundles.routes.ts';
import { followCase } from './bundles.submission.ts';

import './bundles.events.ts';

export type { BundleStatusChanged, BundleSubmitted } from './bundles.events.ts';

export const bundlesModule: TongbanModule = {
  name: 'bundles',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: bundlesRoutes,
  encryptedColumns: [{ table: 'bundles_cases', key: 'id', columns: ['form_data_enc'] }],
  fileReferences: [{ table: 'bundles_materials', column: 'sha256' }],
  subscribe: (ctx) => {
    // The bundle's outcome follows its cases; reading their status again makes redelivery harmless.
    ctx.outbox.on('application.statusChanged', 'bundles.followCase', (event, meta) =>
      followCase(ctx, meta.db, event.caseId),
    );
    ctx.outbox.on('application.withdrawn', 'bundles.followWithdrawn', (event, meta) =>
      followCase(ctx, meta.db, event.caseId),
    );
  },
};
