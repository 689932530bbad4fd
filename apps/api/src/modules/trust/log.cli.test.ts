import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { appendToLog, type LogAppended } from './index.ts';

const CLI = path.resolve(import.meta.dirname, '../../cli/log-verify.ts');

describe('npm run log:verify', () => {
  let t: TestApp;
  let url: string;
  let dir: string;
  let stateFile: string;
  const appended: LogAppended[] = [];

  /** Runs the CLI as a user would, against the app listening on a real port. */
  function verify(...args: string[]): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', CLI, '--url', url, '--state', stateFile, ...args],
        { encoding: 'utf8', timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, out: stdout + stderr }),
      );
    });
  }
  async function append(n: number) {
    for (let i = 0; i < n; i++) {
      appended.push(
        await t.app.platform.db.transaction().execute((tx) =>
          appendToLog(tx, {
            kind: 'licence.issued',
            ref: `L-${appended.length}`,
            entry: { n: appended.length },
          }),
        ),
      );
    }
    // Past the tree-head interval: the next /sth signs the grown log.
    t.clock.now = new Date(t.app.platform.now().getTime() + (t.config.translogSthMaxAgeSeconds + 1) * 1000);
  }
  /** Changes a stored tree head behind the log's back (the trigger refuses it otherwise). */
  async function tamperLatestHead(set: ReturnType<typeof sql>) {
    await t.app.platform.db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE translog_tree_heads DISABLE TRIGGER translog_tree_heads_append_only`.execute(tx);
      await sql`UPDATE translog_tree_heads SET ${set}
                 WHERE tree_size = (SELECT max(tree_size) FROM translog_tree_heads)`.execute(tx);
      await sql`ALTER TABLE translog_tree_heads ENABLE TRIGGER translog_tree_heads_append_only`.execute(tx);
    });
  }

  before(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'tongban-log-verify-'));
    stateFile = path.join(dir, 'state.json');
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a first check verifies the signed head and remembers it; the next verifies a leaf too', async () => {
    const empty = await verify();
    assert.equal(empty.code, 0, empty.out);
    assert.match(empty.out, /Tree head: 0 entries, .*signature valid/);
    assert.match(empty.out, /First check of this log/);
    await append(5);
    const r = await verify('--index', '2');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Tree head: 5 entries, .*signature valid/);
    assert.match(r.out, /Entry #2 \(licence\.issued L-2, .*inclusion proof verified/);
    assert.match(r.out, /The log was empty when seen/);
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    const heads = Object.values<{ heads: { treeSize: number }[] }>(state)[0]?.heads;
    assert.deepEqual(
      heads?.map((h) => h.treeSize),
      [0, 5],
    );
  });

  test('a later check proves the grown log consistent with the head seen before, and finds a leaf by hash', async () => {
    await append(3);
    const leaf = appended[6]?.leafHash as string;
    const r = await verify('--leaf', leaf);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Tree head: 8 entries/);
    assert.match(r.out, /Entry #6 /);
    assert.match(r.out, /Consistent with the tree head of 5 entries/);
    const fromFive = await verify('--from-size', '5');
    assert.equal(fromFive.code, 0, fromFive.out);
    const unknown = await verify('--from-size', '4');
    assert.equal(unknown.code, 2, unknown.out);
    assert.match(unknown.out, /no tree head of size 4 remembered/);
  });

  test('a remembered head the log no longer extends fails the check', async () => {
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    const log = Object.values<{ heads: { treeSize: number; rootHash: string }[] }>(state)[0];
    const five = log?.heads.find((h) => h.treeSize === 5);
    assert.ok(five);
    five.rootHash = Buffer.alloc(32, 1).toString('base64');
    writeFileSync(stateFile, JSON.stringify(state));
    await append(1);
    const r = await verify('--from-size', '5');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /FAILED: the log of 9 entries does not extend the one of 5/);
  });

  test('a tampered tree head fails: a broken signature, or a root the signature does not cover', async () => {
    await append(1);
    const good = await verify();
    assert.equal(good.code, 0, good.out);
    await tamperLatestHead(sql`jws = regexp_replace(jws, '[^.]{4}$', 'AAAA')`);
    const forgedSignature = await verify();
    assert.equal(forgedSignature.code, 1, forgedSignature.out);
    assert.match(forgedSignature.out, /FAILED: the tree head signature is invalid/);
    await append(1);
    await t.app.inject({ url: '/api/v1/trust/log/sth' }); // the grown log's head is signed
    await tamperLatestHead(sql`root_hash = sha256(root_hash)`);
    const forgedRoot = await verify();
    assert.equal(forgedRoot.code, 1, forgedRoot.out);
    assert.match(forgedRoot.out, /FAILED: the signature does not cover/);
  });
});
