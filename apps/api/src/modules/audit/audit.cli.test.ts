import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { appendAudit } from './index.ts';

const CLI = path.resolve(import.meta.dirname, '../../cli/audit-verify.ts');

function runVerify(databaseUrl: string, dataDir: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI], {
    // The test's own data dir: loading the config must not create secrets in the repository's ./data.
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout };
}

describe('npm run audit:verify', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    for (let i = 0; i < 3; i++) {
      await t.app.platform.db.transaction().execute((tx) =>
        appendAudit(tx, {
          actorId: null,
          actorKind: 'system',
          action: 'test.cli',
          subjectType: 'test',
          subjectId: `${i}`,
        }),
      );
    }
  });
  after(async () => t.close());

  test('prints the verdict and exits 0 on an intact chain, 1 with the first broken seq after tampering', async () => {
    const url = t.config.databaseUrl as string;
    const ok = runVerify(url, t.config.dataDir);
    assert.equal(ok.code, 0, ok.out);
    assert.deepEqual(JSON.parse(ok.out.split('\n')[0] as string), {
      ok: true,
      checked: 3,
      firstBrokenSeq: null,
      pending: 0,
    });

    // The verification above chained every entry.
    const { rows } = await sql<{ seq: number }>`
      SELECT chain_seq AS seq FROM audit_entries ORDER BY chain_seq`.execute(t.app.platform.db);
    const second = rows[1]?.seq as number;
    await t.app.platform.db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only`.execute(tx);
      await sql`UPDATE audit_entries SET subject_id = 'forged' WHERE chain_seq = ${second}`.execute(tx);
      await sql`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only`.execute(tx);
    });
    const broken = runVerify(url, t.config.dataDir);
    assert.equal(broken.code, 1, broken.out);
    const verdict = JSON.parse(broken.out.split('\n')[0] as string);
    assert.equal(verdict.ok, false);
    assert.equal(verdict.firstBrokenSeq, second);
    assert.match(broken.out, new RegExp(`BROKEN at seq ${second}`));
  });
});
