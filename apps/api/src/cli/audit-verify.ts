// `npm run audit:verify`: recomputes the audit hash chain and prints the result; exit 1 when broken.
// Uses DATABASE_URL, or the embedded database in the data dir exactly as `npm start` does.
import pino from 'pino';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db.ts';
import { type EmbeddedDb, startEmbeddedDb } from '../platform/embedded-db.ts';

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  // Only warnings: the command's output is its verdict.
  const log = pino({ level: 'warn' });
  let embedded: EmbeddedDb | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedDb(config.dataDir, config.embeddedDbPort, log);
    url = embedded.url;
  }
  const database = openDatabase(url, 2);
  try {
    const result = await verifyAuditChain(database.db);
    console.log(JSON.stringify(result));
    if (result.ok) console.log(`Audit chain intact: ${result.checked} entries verified.`);
    else
      console.log(
        `Audit chain BROKEN at seq ${result.firstBrokenSeq}: ${result.reason} (${result.checked} entries verified before it).`,
      );
    return result.ok ? 0 : 1;
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('audit:verify failed:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
