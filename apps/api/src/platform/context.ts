import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import type { FieldCipher } from './field-keys.ts';
import type { FileStore } from './files.ts';
import type { Listen } from './listen.ts';
import type { Outbox } from './outbox.ts';

/**
 * What the platform hands to every module: the database, configuration, logger, file store
 * and outbox. Available in routes as `app.platform`; services receive the parts they need.
 */
export interface PlatformContext {
  config: Config;
  db: Db;
  log: Logger;
  files: FileStore;
  outbox: Outbox;
  /** LISTEN on a PostgreSQL channel over a dedicated connection (cache invalidation across processes). */
  listen: Listen;
  /** Seals and opens personal fields at rest (envelope keys, rotation) and gives their blind index. */
  fields: FieldCipher;
  /** The current time; tests may replace it to move the clock. */
  now(): Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: PlatformContext;
  }
}
