import type { TongbanModule } from '../../platform/module.ts';
import { Sequencer } from '../../platform/sequencer.ts';
import { chainPending } from './audit.chainer.ts';
import { auditRoutes } from './audit.routes.ts';

export { type AuditChainPoint, auditChainHead } from './audit.head.ts';

export type {
  AuditActorKind,
  AuditEntry,
  AuditEntryInput,
  AuditEntryQuery,
  ChainVerification,
} from './audit.service.ts';
export {
  appendAudit,
  listAuditEntries,
  listDataSubjectEntries,
  verifyAuditChain,
} from './audit.service.ts';

export const auditModule: TongbanModule = {
  name: 'audit',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: auditRoutes,
  // Every process runs the sequencer; the database lets one of them chain at a time.
  async start(ctx) {
    const chainer = new Sequencer('audit-chain', ctx.log, () => chainPending(ctx.db, false));
    chainer.start();
    return () => chainer.stop();
  },
};
