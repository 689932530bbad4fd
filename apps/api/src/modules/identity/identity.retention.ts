import { sql } from 'kysely';
import { deletedRows, type RetentionCategory } from '../../platform/retention.ts';

/**
 * Sessions (with the browser and address they were used from) are kept 30 days after they ended:
 * signed out, or idle past the session lifetime (platform/retention.ts runs this daily).
 */
export const identityRetention: RetentionCategory[] = [
  {
    category: 'identity.sessions',
    describe: {
      zh: '已结束的登录会话（含浏览器和 IP 地址）：结束 30 天后删除',
      en: 'Ended sign-in sessions (with browser and IP address): deleted 30 days after they ended',
    },
    period: 'P30D',
    async run(db, cutoff, ctx) {
      const idleSince = new Date(cutoff.getTime() - ctx.config.sessionIdleSeconds * 1000);
      return deletedRows(
        await sql`DELETE FROM identity_sessions
          WHERE revoked_at < ${cutoff} OR (revoked_at IS NULL AND last_seen_at < ${idleSince})`.execute(db),
      );
    },
  },
];
