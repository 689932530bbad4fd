import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const webDistDir = path.join(repoRoot, 'apps/web/dist');

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A temporary data directory the embedded PostgreSQL's unprivileged user can enter when we run as root. */
export function tempDataDir(prefix = 'tongban-e2e-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export interface ServerOptions {
  /** Keep data between starts by passing the same directory; a fresh one is made otherwise. */
  dataDir?: string;
  /** An external PostgreSQL database; without it the embedded one runs in `<dataDir>/pg`. */
  databaseUrl?: string;
  /** Extra environment variables (RATE_LIMIT_PER_MINUTE, LOG_LEVEL, ...). */
  env?: Record<string, string>;
  /** How long to wait for /health/ready. */
  readyTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** The database the server uses (the embedded one's URL when DATABASE_URL was not given). */
  databaseUrl: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, wait for a clean exit (SIGKILL after a grace period); resolves with the exit code. */
  stop(): Promise<number | null>;
}

const children = new Set<ChildProcess>();
// A test that crashes must not leave servers (and their PostgreSQL) behind.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/**
 * Runs the platform exactly as `npm start` does (`node --import tsx apps/api/src/main.ts`) as a
 * child process on free ports, and resolves once /health/ready answers (after migrations and seed).
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  delete env.NODE_OPTIONS;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else {
    delete env.DATABASE_URL;
    env.EMBEDDED_DB_PORT = String(await freePort());
  }
  const databaseUrl = () =>
    opts.databaseUrl ??
    `postgres://tongban:${encodeURIComponent(readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim())}@127.0.0.1:${env.EMBEDDED_DB_PORT}/tongban`;
  // SERVER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) lets a benchmark profile the server.
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (b) => {
    out += b;
  });
  child.stderr!.on('data', (b) => {
    out += b;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  let done = false;
  void exited.then(() => {
    done = true;
  });

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!done) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        killOrphanPostgres(dataDir);
      }, 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    }
    return exited;
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (done) throw new Error(`server exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not ready in time:\n${out}`);
    }
    const ok = await fetch(`${url}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, dataDir, databaseUrl: databaseUrl(), output: () => out, stop };
}

/** When the server had to be killed, its embedded PostgreSQL would otherwise keep running. */
function killOrphanPostgres(dataDir: string) {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {}
  }
}

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the PostgreSQL server of DATABASE_URL, dropped afterwards. */
export async function createFreshDatabase(serverUrl = process.env.DATABASE_URL): Promise<FreshDatabase> {
  if (!serverUrl) throw new Error('createFreshDatabase needs DATABASE_URL');
  const name = `tb_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Builds the web app once when apps/web/dist is missing (CI and `npm test` build it beforehand). */
export function ensureWebBuilt() {
  if (existsSync(path.join(webDistDir, 'index.html'))) return;
  const r = spawnSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build:web failed');
}

export interface PlatformUnderTest {
  url: string;
  close(): Promise<void>;
}

/**
 * The real server with the built web and the demo seed on a fresh database: a new database on
 * DATABASE_URL's server when it is set, otherwise the embedded PostgreSQL in a temporary data dir.
 * E2E_BASE_URL points the journeys at a platform already running instead (e.g. `npm start`).
 */
export async function startPlatform(env: Record<string, string> = {}): Promise<PlatformUnderTest> {
  if (process.env.E2E_BASE_URL) return { url: process.env.E2E_BASE_URL, close: async () => {} };
  ensureWebBuilt();
  const fresh = process.env.DATABASE_URL ? await createFreshDatabase() : undefined;
  const dataDir = tempDataDir();
  try {
    const server = await startServer({
      dataDir,
      databaseUrl: fresh?.url,
      env: { SEED_DEMO: 'true', ...env },
    });
    return {
      url: server.url,
      async close() {
        await server.stop();
        await fresh?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await fresh?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
