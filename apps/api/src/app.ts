import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { applicationsModule } from './modules/applications/index.ts';
import { appendAudit, auditModule } from './modules/audit/index.ts';
import { bundlesModule } from './modules/bundles/index.ts';
import { catalogueModule } from './modules/catalogue/index.ts';
import { consentModule } from './modules/consent/index.ts';
import { decisionsModule } from './modules/decisions/index.ts';
import { exchangeModule } from './modules/exchange/index.ts';
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
import { FieldCipher } from './platform/field-keys.ts';
import { type EncryptedColumns, reencryptPass } from './platform/field-keys-rotation.ts';
import { FileStore } from './platform/files.ts';
import { createHttp } from './platform/http.ts';
import { installIdempotency } from './platform/idempotency.ts';
import { IntervalJob } from './platform/interval-job.ts';
import { listenUnavailable, pgListen } from './platform/listen.ts';
import { type MigrationSource, migrate } from './platform/migrations.ts';
import type { TongbanModule } from './platform/module.ts';
import { Outbox } from './platform/outbox.ts';
import {
  platformRetention,
  type RetentionCategory,
  runRetention,
  unreferencedFiles,
} from './platform/retention.ts';

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
  consentModule,
  exchangeModule,
];

export const migrationSources: MigrationSource[] = [
  { module: 'platform', dir: path.join(import.meta.dirname, 'platform/migrations') },
  ...modules.map((m) => ({ module: m.name, dir: m.migrationsDir })),
];

// The field cipher of each app built on a database, loaded once that database is migrated.
const ciphers = new WeakMap<Db, FieldCipher>();

export async function runMigrations(db: Db): Promise<string[]> {
  const applied = await migrate(db, migrationSources);
  await ciphers.get(db)?.ready();
  return applied;
}

/** Every column the modules declared as sealed by `ctx.fields` (the re-encryption job walks them). */
export const encryptedColumns: EncryptedColumns[] = modules.flatMap((m) => m.encryptedColumns ?? []);

/** The platform's and every module's retention categories. */
export const retentionCategories: RetentionCategory[] = [
  ...platformRetention,
  ...modules.flatMap((m) => m.retention ?? []),
  unreferencedFiles(modules.flatMap((m) => m.fileReferences ?? [])),
];

/** One pass of the field-key re-encryption job (the interval job runs it; tests and the CLI call it). */
export function fieldKeyJobPass(ctx: PlatformContext) {
  return reencryptPass(ctx.db, ctx.fields, encryptedColumns, ctx.now());
}

/** One run of the retention job over every category, each audited as 'retention.run'. */
export function retentionPass(ctx: PlatformContext) {
  return runRetention(ctx, retentionCategories, (tx, e) =>
    appendAudit(tx, { actorId: null, actorKind: 'system', personalData: true, ...e }),
  );
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
  const clock = now ?? (() => new Date());
  const fields = new FieldCipher(db, config.fieldKey, config.cryptoSuite, clock, log);
  ciphers.set(db, fields);
  // Before migrations (a fresh database) there is no key table yet: runMigrations loads it then.
  await fields.ready().catch((err: { code?: string }) => {
    if (err.code !== '42P01') throw err;
  });
  const ctx: PlatformContext = {
    config,
    db,
    log,
    files: new FileStore(path.join(config.dataDir, 'files'), config.uploadMaxBytes),
    outbox: new Outbox(db, log, config.outboxPollMs),
    listen: databaseUrl ? pgListen(databaseUrl, log) : listenUnavailable,
    fields,
    now: clock,
  };
  const app = await createHttp(config, log);
  app.decorate('platform', ctx);
  app.addHook('onRequest', async () => {
    if (!fields.loaded) await fields.ready();
  });
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
  stops.push(await fields.follow(ctx.listen));
  for (const job of [
    new IntervalJob('field-keys', log, config.fieldKeyJobIntervalMs, () => fieldKeyJobPass(ctx)),
    new IntervalJob('retention', log, config.retentionIntervalMs, () => retentionPass(ctx)),
  ]) {
    job.start();
    stops.push(() => job.stop());
  }

  return app;
}
