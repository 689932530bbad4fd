import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { applicationsModule } from './modules/applications/index.ts';
import { auditModule } from './modules/audit/index.ts';
import { bundlesModule } from './modules/bundles/index.ts';
import { catalogueModule } from './modules/catalogue/index.ts';
import { decisionsModule } from './modules/decisions/index.ts';
import { formsModule } from './modules/forms/index.ts';
import { identityModule, sessionResolver } from './modules/identity/index.ts';
import { licencesModule } from './modules/licences/index.ts';
import { notificationsModule } from './modules/notifications/index.ts';
import { orgModule } from './modules/org/index.ts';
import { trustModule, trustWellKnownRoutes } from './modules/trust/index.ts';
import { workflowModule } from './modules/workflow/index.ts';
import { installAuth } from './platform/auth.ts';
import type { Config } from './platform/config.ts';
import type { PlatformContext } from './platform/context.ts';
import type { Db } from './platform/db.ts';
import { FileStore } from './platform/files.ts';
import { createHttp } from './platform/http.ts';
import { installIdempotency } from './platform/idempotency.ts';
import { listenUnavailable, pgListen } from './platform/listen.ts';
import { type MigrationSource, migrate } from './platform/migrations.ts';
import type { TongbanModule } from './platform/module.ts';
import { Outbox } from './platform/outbox.ts';

/** Modules in dependency order: migrations run in this order, routes mount in this order. */
export const modules: TongbanModule[] = [
  auditModule,
  orgModule,
  trustModule,
  identityModule,
  catalogueModule,
  formsModule,
  decisionsModule,
  workflowModule,
  applicationsModule,
  licencesModule,
  bundlesModule,
  notificationsModule,
];

export const migrationSources: MigrationSource[] = [
  { module: 'platform', dir: path.join(import.meta.dirname, 'platform/migrations') },
  ...modules.map((m) => ({ module: m.name, dir: m.migrationsDir })),
];

export async function runMigrations(db: Db): Promise<string[]> {
  return migrate(db, migrationSources);
}

export interface AppOptions {
  config: Config;
  db: Db;
  log: Logger;
  /** Replaces the wall clock (tests). */
  now?: () => Date;
  /** Where `ctx.listen` opens its own connection; without it nothing is listened to. */
  databaseUrl?: string;
}

/** The composition root: platform first, then every module's routes and subscriptions. */
export async function buildApp({ config, db, log, now, databaseUrl }: AppOptions): Promise<FastifyInstance> {
  const ctx: PlatformContext = {
    config,
    db,
    log,
    files: new FileStore(path.join(config.dataDir, 'files'), config.uploadMaxBytes),
    outbox: new Outbox(db, log, config.outboxPollMs),
    listen: databaseUrl ? pgListen(databaseUrl, log) : listenUnavailable,
    now: now ?? (() => new Date()),
  };
  const app = await createHttp(config, log);
  app.decorate('platform', ctx);
  installAuth(app, sessionResolver(ctx));
  installIdempotency(app, db);

  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  for (const m of modules) {
    m.subscribe?.(ctx);
    if (m.routes) await app.register(m.routes, { prefix: '/api/v1' });
  }
  // did:web documents live where the did:web method looks for them, outside /api/v1.
  await app.register(trustWellKnownRoutes);

  // Background work stops when the app closes, last started first.
  const stops: (() => Promise<void>)[] = [];
  app.addHook('onClose', async () => {
    for (const stop of stops.reverse()) await stop();
  });
  for (const m of modules) if (m.start) stops.push(await m.start(ctx));

  return app;
}
