#!/usr/bin/env node
// `npm test`: lint, module boundaries, type check, then unit + integration tests (node:test through
// tsx, against DATABASE_URL, or an embedded PostgreSQL started here when it is unset), the
// smoke test of `npm start` on the embedded database, and the browser journeys (after building the
// web app). `npm test unit` runs the node:test files only; `npm test e2e` the smoke test and journeys only.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv[2];
const env = { ...process.env };

function run(label, cmd, args, opts = {}) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...opts });
  if (r.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

function find(dir, pattern, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) find(full, pattern, out);
    else if (pattern.test(name)) out.push(path.relative(root, full));
  }
  return out.sort();
}

let embedded;
async function ensureDatabase() {
  if (env.DATABASE_URL) return;
  // No external PostgreSQL given: start the embedded one for the test run.
  const { startTestDatabase } = await import('./test-db.mjs');
  embedded = await startTestDatabase(path.join(root, '.tmp/test-pg'));
  env.DATABASE_URL = embedded.url;
}

try {
  if (!only) {
    run('lint (biome)', 'npx', ['biome', 'check', '.']);
    run('module boundaries', 'node', ['scripts/check-boundaries.mjs']);
    run('type check (tsc 7)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  }
  if (!only || only === 'unit') {
    await ensureDatabase();
    const files = [
      ...find(path.join(root, 'apps'), /\.test\.ts$/),
      ...find(path.join(root, 'packages'), /\.test\.ts$/),
    ];
    run(`unit and integration tests (${files.length} files)`, 'node', [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec',
      ...files,
    ]);
  }
  if (!only || only === 'e2e') {
    const files = find(path.join(root, 'e2e'), /\.test\.ts$/);
    if (files.length) {
      // The journeys drive the web app the server serves: build it from the current sources.
      run('build the web app', 'npm', ['run', 'build:web']);
      await ensureDatabase();
      run(`smoke and browser journeys (${files.length} files)`, 'node', [
        '--import',
        'tsx',
        '--test',
        // Two files at a time: each has its own server, database (or data dir) and browser on free ports.
        '--test-concurrency=2',
        ...files,
      ]);
    }
  }
} finally {
  await embedded?.stop();
}
