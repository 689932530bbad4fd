import type { TongbanModule } from '../../platform/module.ts';
import { decisionsRoutes } from './decisions.routes.ts';
import { useFieldCipher } from './decisions.service.ts';

export { missingDecisionTables } from './decisions.lookup.ts';
export { hpfWithdrawalTable, seedDemoDecisions, unemploymentBenefitTable } from './decisions.seed.ts';
export type { EvaluateOptions, RecordEvaluationInput, StoredEvaluation } from './decisions.service.ts';
export {
  decide,
  evaluateDecision,
  explainEvaluation,
  getEvaluation,
  recordEvaluation,
  saveDecisionTable,
} from './decisions.service.ts';

import { forgetEvaluations } from './decisions.forget.ts';

export { evaluateTable, type TableVersion } from './evaluator.ts';

export const decisionsModule: TongbanModule = {
  name: 'decisions',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: decisionsRoutes,
  subscribe: (ctx) => {
    useFieldCipher(ctx.fields);
    // Retention anonymised these cases: their evaluations keep no input values (decisions.forget.ts).
    ctx.outbox.on('application.anonymised', 'decisions.forgetApplicant', (e, meta) =>
      forgetEvaluations(meta.db, ctx.fields, 'application', e.caseIds).then(() => undefined),
    );
  },
  encryptedColumns: [{ table: 'decisions_evaluations', key: 'id', columns: ['context_enc', 'trace_enc'] }],
};
