#!/usr/bin/env node
// The module-boundary rule (DESIGN.md rule 1), checked on every import in apps/api/src:
// a module imports only its own files, platform/*, @tongban/contracts and other modules'
// index.ts; platform imports no module. Exits 1 listing every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../apps/api/src');
const modulesDir = path.join(root, 'modules');
const problems = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.tsx?$/.test(name)) check(full);
  }
}

function moduleOf(file) {
  const rel = path.relative(modulesDir, file);
  return rel.startsWith('..') ? undefined : rel.split(path.sep)[0];
}

function check(file) {
  const text = readFileSync(file, 'utf8');
  const from = moduleOf(file);
  const inPlatform = !path.relative(path.join(root, 'platform'), file).startsWith('..');
  for (const m of text.matchAll(
    /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), spec);
    const to = moduleOf(target);
    const where = `${path.relative(process.cwd(), file)} imports ${spec}`;
    if (inPlatform && to) problems.push(`${where}: platform imports no module`);
    if (to && from && to !== from && path.relative(path.join(modulesDir, to), target) !== 'index.ts') {
      problems.push(`${where}: use the ${to} module's index.ts`);
    }
  }
}

walk(root);
if (problems.length) {
  console.error(`Module boundary violations (DESIGN.md rule 1):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('module boundaries: ok');
