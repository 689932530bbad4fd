import { appendAudit } from '../apps/api/src/modules/audit/index.ts';
import { openDatabase } from '../apps/api/src/platform/db.ts';
import type { Rate } from './limits.ts';

/**
 * Audit appends per second: `clients` concurrent loops, each committing one transaction that
 * appends one entry through the audit module's public API, as every audited change does.
 */
export async function measureAuditAppends(url: string, clients: number, seconds: number): Promise<Rate> {
  const database = openDatabase(url, clients);
  let count = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < until; i++) {
        await database.db.transaction().execute((tx) =>
          appendAudit(tx, {
            actorId: null,
            actorKind: 'system',
            action: 'bench.append',
            subjectType: 'bench',
            subjectId: `${client}-${i}`,
            details: { client, i },
          }),
        );
        count++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await database.close();
  return { perSecond: count / elapsed, count, seconds: elapsed, clients };
}
