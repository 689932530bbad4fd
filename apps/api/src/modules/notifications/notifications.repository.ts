import type { NotificationParams } from '@tongban/contracts';
import { type Generated, sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

export interface MessageRow {
  id: string;
  recipient_account_id: string;
  kind: string;
  template: string;
  params: NotificationParams;
  link: string | null;
  subject_type: string | null;
  subject_id: string | null;
  dedupe_key: string;
  created_at: Date;
  read_at: Date | null;
}

interface NotificationsTables {
  notifications_messages: Omit<MessageRow, 'created_at'> & { created_at: Generated<Date> };
}

const t = (db: Db) => asTables<NotificationsTables>(db);

export type NewMessage = Omit<MessageRow, 'created_at' | 'read_at'>;

/** Inserts the messages not sent before (same recipient and dedupe key); returns only the new ones. */
export async function insertMessages(db: Db, rows: NewMessage[]): Promise<MessageRow[]> {
  if (!rows.length) return [];
  return t(db)
    .insertInto('notifications_messages')
    .values(rows.map((r) => ({ ...r, params: JSON.stringify(r.params) as never })))
    .onConflict((oc) => oc.columns(['recipient_account_id', 'dedupe_key']).doNothing())
    .returningAll()
    .execute();
}

export async function findInbox(
  db: Db,
  recipientId: string,
  q: { unread?: boolean; beforeId?: string; limit: number },
): Promise<MessageRow[]> {
  let query = t(db)
    .selectFrom('notifications_messages')
    .selectAll()
    .where('recipient_account_id', '=', recipientId);
  if (q.unread) query = query.where('read_at', 'is', null);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

export async function countUnread(db: Db, recipientId: string): Promise<number> {
  const row = await t(db)
    .selectFrom('notifications_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('recipient_account_id', '=', recipientId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The recipient's own message (another account's answers as missing), locked for the change. */
export async function lockOwnMessage(
  db: Db,
  recipientId: string,
  id: string,
): Promise<MessageRow | undefined> {
  return t(db)
    .selectFrom('notifications_messages')
    .selectAll()
    .where('id', '=', id)
    .where('recipient_account_id', '=', recipientId)
    .forUpdate()
    .executeTakeFirst();
}

export async function setRead(db: Db, id: string): Promise<MessageRow> {
  return t(db)
    .updateTable('notifications_messages')
    .set({ read_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks every unread message of the recipient read; returns the ids it marked. */
export async function setAllRead(db: Db, recipientId: string): Promise<string[]> {
  const rows = await t(db)
    .updateTable('notifications_messages')
    .set({ read_at: sql<Date>`now()` })
    .where('recipient_account_id', '=', recipientId)
    .where('read_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
