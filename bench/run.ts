// `npm run bench`: the platform's throughput against this machine's own PostgreSQL limits, measured
// in the same run on the same database server. Not part of `npm test`. Prints JSON and a table,
// writes bench/results/latest.json. BENCH_SECONDS (default 10) sets each timed phase's length.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createFreshDatabase, type FreshDatabase, startServer, tempDataDir } from '../e2e/support/server.ts';
import { measureAuditAppends } from './audit.ts';
import { measureDecisionEvaluations } from './decisions.ts';
import { measureExchangeRequests } from './exchange.ts';
import { measureHttp } from './http.ts';
import { measureLicenceIssues } from './licences.ts';
import { measureLimits } from './limits.ts';
import { type Line, table } from './report.ts';
import { measureTransparencyLog } from './translog.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 8;
const TARGET = 0.5;

async function serverVersion(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query('SHOW server_version');
  await c.end();
  return rows[0].server_version;
}

async function main() {
  // A fresh database: a new one on DATABASE_URL's server, or the embedded PostgreSQL in a temp dir.
  const fresh: FreshDatabase | undefined = process.env.DATABASE_URL ? await createFreshDatabase() : undefined;
  const dataDir = tempDataDir('tongban-bench-');
  console.error(
    `starting the platform on ${fresh ? 'a fresh database on DATABASE_URL' : 'the embedded PostgreSQL'}…`,
  );
  const server = await startServer({
    dataDir,
    databaseUrl: fresh?.url,
    env: {
      RATE_LIMIT_PER_MINUTE: '100000000',
      EXCHANGE_RATE_LIMIT_PER_MINUTE: '100000000',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'error',
    },
  });
  try {
    const url = server.databaseUrl;
    console.error(
      `limits: 5 INSERTs per transaction and 1-row INSERTs, ${CLIENTS} clients, ${SECONDS}s each…`,
    );
    const limits = await measureLimits(url, CLIENTS, SECONDS);
    console.error('HTTP: submissions, instant-approval submissions and task completions with autocannon…');
    const http = await measureHttp(server.url, SECONDS);
    console.error(`audit appends, ${CLIENTS} concurrent transactions, ${SECONDS}s…`);
    const audit = await measureAuditAppends(url, CLIENTS, SECONDS);
    console.error(`decision evaluations in-process, 50-row FIRST table, ${SECONDS}s…`);
    const decisions = measureDecisionEvaluations(SECONDS);
    console.error(
      `licences issued (sign + log append + persist) and verified in-process, ${CLIENTS} clients, ${SECONDS}s each…`,
    );
    const licences = await measureLicenceIssues(url, dataDir, CLIENTS, SECONDS);
    console.error('exchange gateway requests (legal basis, signed, audited on both sides) with autocannon…');
    const exchange = await measureExchangeRequests(server.url, dataDir, SECONDS);
    const translogLeaves = Number(process.env.BENCH_TRANSLOG_LEAVES ?? 1_000_000);
    console.error(
      `transparency log: ${translogLeaves} leaves bulk-loaded, then inclusion and consistency proofs over HTTP, 1 client, ${SECONDS}s each…`,
    );
    const translog = await measureTransparencyLog(url, server.url, translogLeaves, SECONDS);

    const lines: Line[] = [
      {
        measure: 'limit: 5-INSERT transactions (pgbench-equivalent)',
        perSecond: limits.fiveInserts.perSecond,
      },
      { measure: 'limit: 1-row INSERT transactions', perSecond: limits.oneInsert.perSecond },
      ...http.map((h) => ({
        measure: `HTTP ${h.name}`,
        perSecond: h.perSecond,
        limitName: '5-INSERT tx',
        limit: limits.fiveInserts.perSecond,
        target: TARGET,
      })),
      {
        measure: 'audit appends (appendAudit in a transaction)',
        perSecond: audit.perSecond,
        limitName: '1-row INSERT',
        limit: limits.oneInsert.perSecond,
      },
      { measure: 'decision evaluations/s, 50-row table', perSecond: decisions.perSecond },
      {
        measure: 'licences issued (sign + log append + persist)',
        perSecond: licences.issues.perSecond,
        limitName: '5-INSERT tx',
        limit: limits.fiveInserts.perSecond,
        target: TARGET,
      },
      { measure: 'licence verifications (online verifier)', perSecond: licences.verifications.perSecond },
      {
        measure: `HTTP ${exchange.name}`,
        perSecond: exchange.perSecond,
        limitName: '5-INSERT tx',
        limit: limits.fiveInserts.perSecond,
        target: TARGET,
      },
      {
        measure: `inclusion proofs over HTTP, ${translog.leaves} leaves (p50 ${translog.inclusion.p50} ms, p99 ${translog.inclusion.p99} ms)`,
        perSecond: translog.inclusion.perSecond,
      },
    ];
    const result = {
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        postgres: await serverVersion(url),
        database: fresh ? 'external (DATABASE_URL)' : 'embedded',
      },
      secondsPerPhase: SECONDS,
      clients: CLIENTS,
      limits,
      http: Object.fromEntries(http.map((h) => [h.name, h])),
      audit: { appends: audit },
      decisions: { evaluations: decisions },
      licences,
      exchange,
      translog,
      ratios: Object.fromEntries(
        lines.filter((l) => l.limit).map((l) => [l.measure, Number((l.perSecond / l.limit!).toFixed(3))]),
      ),
      target: TARGET,
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`\n${table(lines)}`);
    const out = path.join(import.meta.dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.error(`\nwritten to ${path.relative(process.cwd(), path.join(out, 'latest.json'))}`);
  } finally {
    await server.stop();
    await fresh?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
