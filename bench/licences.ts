import pino from 'pino';
import { buildApp } from '../apps/api/src/app.ts';
import { getLicenceType, issueLicence, verifyHeldLicence } from '../apps/api/src/modules/licences/index.ts';
import { sequenceLog } from '../apps/api/src/modules/trust/index.ts';
import { type Config, loadConfig } from '../apps/api/src/platform/config.ts';
import { openDatabase } from '../apps/api/src/platform/db.ts';
import type { Rate } from './limits.ts';

/**
 * Licences issued per second, in-process through the licences module's issue path on the benchmark
 * platform's own database and data dir (the same keys): each issue draws a number and a status list
 * index, signs the credential with the department's key (vc+jwt), persists it, appends it to the
 * transparency log (sequenced after commit, ADR 0011, and counted until sequenced), notifies the
 * holder and audits — one transaction, `clients` of them at once.
 * Then verifications per second of the last one, as the public verify API does them.
 */
export async function measureLicenceIssues(
  url: string,
  dataDir: string,
  clients: number,
  seconds: number,
  /** The secrets when they are not the data dir's own files (a test database). */
  overrides: Partial<Config> = {},
): Promise<{ issues: Rate; verifications: Rate }> {
  const config = loadConfig(
    { DATA_DIR: dataDir, LOG_LEVEL: 'error' },
    { ...overrides, databaseUrl: url, seedDemo: false },
  );
  const database = openDatabase(url, clients + 2);
  const app = await buildApp({ config, db: database.db, log: pino({ level: 'error' }), databaseUrl: url });
  await app.ready();
  const ctx = app.platform;
  try {
    const type = await getLicenceType(ctx.db, 'senior_card');
    const holder = await ctx.db
      .selectFrom('identity_accounts')
      .select('id')
      .where('kind', '=', 'citizen')
      .executeTakeFirst();
    if (!type || !holder) throw new Error('the demo seed has no senior card type or no citizen');
    let count = 0;
    let last = '';
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) {
          const row = await issueLicence(ctx, ctx.db, {
            type,
            holderId: holder.id,
            fields: { name: '张明', birthDate: '1955-03-15', cardType: 'electronic' },
          });
          last = row.id;
          count++;
        }
      }),
    );
    // Issued means in the log too: the clock runs until the last leaf has its index (ADR 0011).
    await sequenceLog(ctx.db);
    const elapsed = (performance.now() - started) / 1000;
    const issues = { perSecond: count / elapsed, count, seconds: elapsed, clients };
    return { issues, verifications: await measureVerifications(ctx, holder.id, last, clients, seconds) };
  } finally {
    await app.close();
    await database.close();
  }
}

/** Online verifications (keys from trust, the current status lists, the same pure verifier) of one licence. */
async function measureVerifications(
  ctx: Awaited<ReturnType<typeof buildApp>>['platform'],
  holderId: string,
  licenceId: string,
  clients: number,
  seconds: number,
): Promise<Rate> {
  let count = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const result = await verifyHeldLicence(ctx, holderId, licenceId);
        if (!result.ok)
          throw new Error(`the issued licence does not verify: ${JSON.stringify(result.errors)}`);
        count++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: count / elapsed, count, seconds: elapsed, clients };
}
