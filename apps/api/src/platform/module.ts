import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from './context.ts';

/**
 * How a module declares itself to the composition root (app.ts): its name, its migrations,
 * its HTTP routes (mounted under /api/v1) and its outbox subscriptions.
 */
export interface TongbanModule {
  name: string;
  /** Folder of NNNN_<what>.sql files, applied in order. */
  migrationsDir: string;
  routes?: (app: FastifyInstance) => Promise<void>;
  subscribe?: (ctx: PlatformContext) => void;
}
