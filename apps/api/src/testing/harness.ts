import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp, runMigrations } from '../app.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import { type Database, openDatabase } from '../platform/db.ts';

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
 * A fresh database (created on the test server, migrated, dropped on close) and the real app
 * on it, so test files can run in parallel without seeing each other's rows.
 */
export async function createTestApp(
  overrides: Partial<Config> = {},
  /** Registers extra routes before the app is ready (platform tests). */
  extend?: (app: FastifyInstance) => void | Promise<void>,
): Promise<TestApp> {
  const serverUrl = new URL(testServerUrl());
  const name = `tb_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(serverUrl.toString());
  dbUrl.pathname = `/${name}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongban-test-'));
  const config = loadConfig(
    // Tests give each simulated browser its own address through X-Forwarded-For from loopback.
    { NODE_ENV: 'test', DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '100000', TRUST_PROXY: '127.0.0.1' },
    {
      databaseUrl: dbUrl.toString(),
      cookieSecret: randomBytes(32).toString('hex'),
      seedDemo: false,
      // The escalation job would act on the frozen test clock behind a test's back; tests tick it.
      slaEscalationIntervalMs: 0,
      // Likewise the 容缺 deadline job: tests run its pass (runDeferralPass) themselves.
      deferralJobIntervalMs: 0,
      ...overrides,
    },
  );
  const database = openDatabase(dbUrl.toString(), 10);
  await runMigrations(database.db);
  const clock = { now: new Date() };
  let frozen = false;
  const app = await buildApp({
    config,
    db: database.db,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    now: () => (frozen ? new Date(clock.now) : new Date()),
    databaseUrl: dbUrl.toString(),
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
      const drop = new pg.Client({ connectionString: serverUrl.toString() });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
