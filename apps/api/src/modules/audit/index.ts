import type { TongbanModule } from '../../platform/module.ts';
import { auditRoutes } from './audit.routes.ts';

export type {
  AuditActorKind,
  AuditEntry,
  AuditEntryInput,
  AuditEntryQuery,
  ChainVerification,
} from './audit.service.ts';
export { appendAudit, listAuditEntries, verifyAuditChain } from './audit.service.ts';

export const auditModule: TongbanModule = {
  name: 'audit',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: auditRoutes,
};
