import { sql } from 'kysely';
import { deletedRows, type RetentionCategory } from '../../platform/retention.ts';

/** Read messages are kept 90 days after they were read (platform/retention.ts runs this daily). */
export const notificationsRetention: RetentionCategory[] = [
  {
    category: 'notifications.read',
    describe: {
      zh: '已读消息：阅读 90 天后删除',
      en: 'Read notifications: deleted 90 days after they were read',
    },
    period: 'P90D',
    async run(db, cutoff) {
      return deletedRows(await sql`DELETE FROM notifications_messages WHERE read_at < ${cutoff}`.execute(db));
    },
  },
];
