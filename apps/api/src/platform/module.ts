import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from './context.ts';
import type { Db } from './db.ts';
import type { EncryptedColumns } from './field-keys-rotation.ts';
import type { FileReference } from './files.ts';
import type { RetentionCategory } from './retention.ts';

/**
 * How a module declares itself to the composition root (app.ts): its name, its migrations,
 * its HTTP routes (mounted under /api/v1), its outbox subscriptions and its background work.
 */
export interface TongbanModule {
  name: string;
  /** Folder of NNNN_<what>.sql files, applied in order. */
  migrationsDir: string;
  routes?: (app: FastifyInstance) => Promise<void>;
  subscribe?: (ctx: PlatformContext) => void;
  /**
   * Starts the module's background work once its routes are registered; returns how to stop it.
   * The app stops it when it closes, before the database is closed.
   */
  start?: (ctx: PlatformContext) => Promise<() => Promise<void>>;
  /** Columns holding values sealed by `ctx.fields`: the re-encryption job rewrites them after a key rotation. */
  encryptedColumns?: EncryptedColumns[];
  /**
   * Recomputes the module's blind indexes after the key-encryption key changed (`npm run field-keys --
   * rekek`): `open` unseals a stored value, `index` is the new blind index; returns the rows updated.
   */
  reindex?: (db: Db, open: (stored: string) => string, index: (value: string) => string) => Promise<number>;
  /** Data categories the module keeps for a limited time: the retention job deletes or anonymises what expired. */
  retention?: RetentionCategory[];
  /** Where the module refers to stored files: a file nothing refers to any more is deleted by retention. */
  fileReferences?: FileReference[];
}
