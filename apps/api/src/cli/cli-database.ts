import pino from 'pino';
import { type Config, ConfigError, loadConfig } from '../platform/config.ts';
import { type Db, openDatabase } from '../platform/db.ts';
import { type EmbeddedDb, startEmbeddedDb } from '../platform/embedded-db.ts';

export interface CliDatabase {
  config: Config;
  db: Db;
  close(): Promise<void>;
}

/**
 * What a command-line tool starts with: the configuration (undefined after printing its problems
 * when it is invalid: exit 2) and the database — DATABASE_URL, or the embedded PostgreSQL of the
 * data dir exactly as `npm start` starts it (so stop the platform first when it uses the same one).
 */
export async function openCliDatabase(): Promise<CliDatabase | undefined> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return undefined;
    }
    throw err;
  }
  // Only warnings: a command's output is its answer.
  const log = pino({ level: 'warn' });
  let embedded: EmbeddedDb | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedDb(config.dataDir, config.embeddedDbPort, log);
    url = embedded.url;
  }
  const database = openDatabase(url, 2);
  return {
    config,
    db: database.db,
    async close() {
      await database.close();
      await embedded?.stop();
    },
  };
}
