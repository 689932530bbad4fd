import { sql } from 'kysely';
import type { PlatformContext } from './context.ts';
import { type Db, inTransaction } from './db.ts';
import type { FileReference } from './files.ts';

/**
 * Retention of personal data (issue 5): each module declares the data categories it keeps for a
 * limited time; a daily platform job (config `retentionIntervalMs`) deletes or anonymises what is
 * older than each category's period and audits what it did, one 'retention.run' entry per category.
 */

export interface RetentionCounts {
  deleted: number;
  anonymised: number;
}

export interface RetentionCategory {
  /** Stable code, e.g. 'applications.drafts'. */
  category: string;
  describe: { zh: string; en: string };
  /** How long records are kept: an ISO 8601 duration ('P90D', 'P30Y', 'PT24H') or a number of days. */
  period: string | number;
  /** Deletes or anonymises the category's records older than `cutoff`; runs in the job's transaction. */
  run(db: Db, cutoff: Date, ctx: PlatformContext): Promise<RetentionCounts>;
}

/** What a category that only deletes did: the rows a DELETE removed. */
export function deletedRows(result: { numAffectedRows?: bigint }): RetentionCounts {
  return { deleted: Number(result.numAffectedRows ?? 0), anonymised: 0 };
}

/** How the job writes its audit entries (the platform imports no module: app.ts hands appendAudit in). */
export type RetentionAudit = (
  tx: Db,
  entry: { action: string; subjectType: string; subjectId: string; details: Record<string, unknown> },
) => Promise<unknown>;

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** `at` minus the period, in UTC calendar arithmetic (P1M from 31 March is 28/29 February's end-clamped day). */
export function cutoffFor(period: string | number, at: Date): Date {
  if (typeof period === 'number') {
    if (!Number.isFinite(period) || period < 0) throw new Error(`invalid retention period ${period}`);
    return new Date(at.getTime() - period * 86_400_000);
  }
  const m = DURATION.exec(period);
  if (!m || period === 'P' || period.endsWith('T')) throw new Error(`invalid retention period ${period}`);
  const [y = 0, mo = 0, w = 0, d = 0, h = 0, mi = 0, s = 0] = m.slice(1).map((v) => Number(v ?? 0));
  const out = new Date(at);
  const day = out.getUTCDate();
  out.setUTCDate(1);
  out.setUTCFullYear(out.getUTCFullYear() - y, out.getUTCMonth() - mo);
  const last = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, last));
  return new Date(out.getTime() - ((w * 7 + d) * 86_400 + h * 3600 + mi * 60 + s) * 1000);
}

export interface RetentionReport extends RetentionCounts {
  category: string;
  cutoff: string;
}

/**
 * Runs every category once at `ctx.now()`, each in its own transaction with its audit entry, so a
 * failing category neither undoes nor blocks the others (its error is logged; the next run retries).
 */
export async function runRetention(
  ctx: PlatformContext,
  categories: RetentionCategory[],
  audit: RetentionAudit,
): Promise<RetentionReport[]> {
  const at = ctx.now();
  const reports: RetentionReport[] = [];
  for (const c of categories) {
    const cutoff = cutoffFor(c.period, at);
    try {
      const counts = await inTransaction(ctx.db, async (tx) => {
        const done = await c.run(tx, cutoff, ctx);
        await audit(tx, {
          action: 'retention.run',
          subjectType: 'retention_category',
          subjectId: c.category,
          details: { category: c.category, period: c.period, cutoff: cutoff.toISOString(), ...done },
        });
        return done;
      });
      reports.push({ category: c.category, cutoff: cutoff.toISOString(), ...counts });
    } catch (err) {
      ctx.log.warn({ err, category: c.category }, 'retention category failed');
    }
  }
  return reports;
}

/**
 * Stored files nothing refers to any more (a deleted draft's scans, an anonymised case's materials):
 * the file store's bytes go too. Runs after the modules' categories, so it sees what they removed.
 */
export function unreferencedFiles(references: FileReference[]): RetentionCategory {
  return {
    category: 'platform.files',
    describe: {
      zh: '不再被任何办件、材料或授权书引用的上传文件（删除文件本身）',
      en: 'Uploaded files no case, material or authorization form refers to any more (the files themselves are deleted)',
    },
    // A day's grace: an upload whose material row has not committed yet is not touched.
    period: 'P1D',
    async run(db, cutoff, ctx) {
      return { deleted: await ctx.files.removeUnreferenced(db, references, cutoff), anonymised: 0 };
    },
  };
}

/** The platform's own categories: answered idempotency records and delivered outbox rows. */
export const platformRetention: RetentionCategory[] = [
  {
    category: 'platform.idempotency',
    describe: {
      zh: '幂等请求记录（保存首次应答以便重复请求得到同一结果）',
      en: 'Idempotency records (the first answer kept so a repeated request gets the same one)',
    },
    period: 'P1D',
    async run(db, cutoff) {
      return deletedRows(
        await sql`DELETE FROM platform_idempotency WHERE created_at < ${cutoff}`.execute(db),
      );
    },
  },
  {
    category: 'platform.outbox',
    describe: {
      zh: '已处理的事件（发件箱中已送达的事件及其内容）',
      en: 'Processed events (delivered outbox rows and their payloads)',
    },
    period: 'P7D',
    async run(db, cutoff) {
      // Events nobody subscribes to are recorded done at once, without a processed time.
      return deletedRows(
        await sql`DELETE FROM platform_outbox
          WHERE status = 'done' AND coalesce(processed_at, created_at) < ${cutoff}`.execute(db),
      );
    },
  },
];
