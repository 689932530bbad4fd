import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp, runMigrations } from '../app.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import { type Database, openDatabase } from '../platform/db.ts';
import { seedDemoIfEmpty } from '../seed/demo.ts';

/** The PostgreSQL server tests run against: DATABASE_URL (CI and `npm test` set it). */
export function testServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** Moves the app's clock (working-day deadlines, session expiry). */
  clock: { now: Date };
  close(): Promise<void>;
}

/**
 * Secrets every test database is written under, so that a migrated (and seeded) template can be
 * copied instead of migrating and seeding each test's database anew: values encrypted in the
 * template must open with the copying app's keys. A test that passes its own key gets no template.
 */
const TEST_SECRETS = {
  FIELD_KEY: createHash('sha256').update('tongban test field key').digest('base64url'),
  TRUST_KEK: createHash('sha256').update('tongban test trust kek').digest('base64url'),
};

/**
 * Settings that only change how the running app behaves, never what migrations or the demo seed
 * write; overriding anything else makes the test migrate (and seed) its own database.
 */
const RUNTIME_ONLY = new Set<keyof Config>([
  'secureCookies',
  'sessionIdleSeconds',
  'rateLimitPerMinute',
  'exchangeRateLimitPerMinute',
  'uploadMaxBytes',
  'outboxPollMs',
  'slaEscalationIntervalMs',
  'slaMaxExtensionDays',
  'instantReviewSampleRate',
  'deferralJobIntervalMs',
  'deferralReminderDays',
]);

export interface TestAppOptions {
  /** Seed the demo region (from a seeded template when it can). */
  demo?: boolean;
}

/**
 * A fresh database (created on the test server, dropped on close) and the real app on it, so test
 * files can run in parallel without seeing each other's rows. The database is a copy of a template
 * migrated (and, with `demo`, seeded) once per source tree: CREATE DATABASE … TEMPLATE copies files,
 * which is several times faster than running every migration and the seed for each test.
 */
export async function createTestApp(
  overrides: Partial<Config> = {},
  /** Registers extra routes before the app is ready (platform tests). */
  extend?: (app: FastifyInstance) => void | Promise<void>,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const name = `tb_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const templated = Object.keys(overrides).every((k) => RUNTIME_ONLY.has(k as keyof Config));
  const template = templated ? await templateDatabase(options.demo ? 'demo' : 'migrated') : undefined;
  await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const t = await startApp(databaseUrl(name), overrides, extend);
  if (!template) {
    await runMigrations(t.database.db);
    if (options.demo) await seedDemoIfEmpty(t.app.platform);
  }
  return {
    ...t,
    async close() {
      await t.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function databaseUrl(name: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<pg.QueryResult> {
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    return await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** The real app on an existing database, with a throw-away data dir and the test secrets. */
async function startApp(
  dbUrl: string,
  overrides: Partial<Config>,
  extend?: (app: FastifyInstance) => void | Promise<void>,
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongban-test-'));
  const config = loadConfig(
    // Tests give each simulated browser its own address through X-Forwarded-For from loopback.
    {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '100000',
      TRUST_PROXY: '127.0.0.1',
      ...TEST_SECRETS,
    },
    {
      databaseUrl: dbUrl,
      cookieSecret: randomBytes(32).toString('hex'),
      seedDemo: false,
      // The escalation job would act on the frozen test clock behind a test's back; tests tick it.
      slaEscalationIntervalMs: 0,
      // Likewise the 容缺 deadline job: tests run its pass (runDeferralPass) themselves.
      deferralJobIntervalMs: 0,
      ...overrides,
    },
  );
  const database = openDatabase(dbUrl, 10);
  const clock = { now: new Date() };
  let frozen = false;
  const app = await buildApp({
    config,
    db: database.db,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    now: () => (frozen ? new Date(clock.now) : new Date()),
    databaseUrl: dbUrl,
  });
  await extend?.(app);
  await app.ready();
  const clockProxy = {
    get now() {
      return clock.now;
    },
    set now(d: Date) {
      frozen = true;
      clock.now = d;
    },
  };
  return {
    app,
    database,
    config,
    clock: clockProxy,
    async close() {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The name of a template database holding the current sources' migrations (and demo seed), built
 * the first time any test process asks for it. Its name carries a digest of the API's and the
 * contracts' sources and the hour, so a changed migration or seed builds a new one and a seed's
 * "now" is never more than an hour old; older templates are dropped when a new one is built.
 */
async function templateDatabase(kind: 'migrated' | 'demo'): Promise<string> {
  const name = `tb_tpl_${kind}_${sourceDigest()}_${hourStamp(new Date())}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    // One builder per template across the parallel test processes; the others wait, then copy.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return name;
    // Built under a temporary name and renamed when complete, so a crash never leaves a half-built
    // template under the real name.
    const building = `${name}_b`;
    await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${building}`);
    const t = await startApp(databaseUrl(building), {});
    try {
      await runMigrations(t.database.db);
      if (kind === 'demo') await seedDemoIfEmpty(t.app.platform);
    } finally {
      await t.close();
    }
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    // Templates from before the previous hour are no longer asked for (a run still copying one
    // keeps it: DROP without FORCE fails while it is in use, and the next build retries).
    const previousHour = hourStamp(new Date(Date.now() - 3_600_000));
    const all = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'tb\\_tpl\\_%'");
    for (const { datname } of all.rows as { datname: string }[]) {
      const hour = datname.split('_').at(-1) ?? '';
      if (/^\d{10}$/.test(hour) && hour < previousHour) {
        await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
      }
    }
    return name;
  } finally {
    await admin.end();
  }
}

/** `YYYYMMDDHH` in UTC. */
function hourStamp(d: Date): string {
  return d.toISOString().slice(0, 13).replace(/\D/g, '');
}

let digest: string | undefined;

/** SHA-256 (first 12 hex) of every non-test source file of the API and the contracts. */
function sourceDigest(): string {
  if (digest) return digest;
  const root = path.resolve(import.meta.dirname, '../../../..');
  const files = [
    ...listSources(path.join(root, 'apps/api/src')),
    ...listSources(path.join(root, 'packages/contracts/src')),
  ].sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(f)).update('\0');
  digest = hash.digest('hex').slice(0, 12);
  return digest;
}

function listSources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listSources(full, out);
    else if (!entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

type Body = InjectOptions['payload'];

/**
 * A browser-like client over app.inject(): keeps cookies, fetches and sends the CSRF token,
 * and sends Accept-Language. Use one per user in a test.
 */
export class TestClient {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(
    private readonly app: FastifyInstance,
    public locale: 'zh-CN' | 'en' = 'en',
  ) {}

  async request(
    method: InjectOptions['method'],
    url: string,
    payload?: Body,
    headers: Record<string, string> = {},
  ) {
    const unsafe = method !== 'GET' && method !== 'HEAD';
    if (unsafe && !this.csrf) await this.refreshCsrf();
    const res = await this.app.inject({
      method,
      url,
      payload,
      headers: {
        'accept-language': this.locale,
        ...(unsafe && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...headers,
      },
    });
    this.keepCookies(res);
    return res;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: Body, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  put(url: string, body?: Body, headers?: Record<string, string>) {
    return this.request('PUT', url, body ?? {}, headers);
  }
  patch(url: string, body?: Body, headers?: Record<string, string>) {
    return this.request('PATCH', url, body ?? {}, headers);
  }
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers);
  }

  async refreshCsrf() {
    const res = await this.get('/api/v1/csrf-token');
    this.csrf = res.json().token;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keepCookies(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now());
      if (expired || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
}

/** Builds a multipart/form-data body for upload tests. */
export function multipartBody(
  fields: Record<string, string>,
  file?: { field: string; name: string; type: string; bytes: Buffer },
) {
  const boundary = `----tongban${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
