import {
  isNotificationTemplate,
  type Locale,
  type NotificationParams,
  type NotificationQuery,
  type NotificationTemplate,
  type NotificationView,
  renderNotification,
  type StaffRoleName,
  templateParamNames,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { accountsWithRole } from '../org/index.ts';
import {
  countUnread,
  findInbox,
  insertMessages,
  lockOwnMessage,
  type MessageRow,
  setAllRead,
  setRead,
} from './notifications.repository.ts';

export interface NotifyInput {
  recipientAccountId: string;
  /** What the message is about, a stable keyword (`application.status`, `task.escalated`). */
  kind: string;
  template: NotificationTemplate;
  params?: NotificationParams;
  /** A path inside the portal (`/applications/<id>`), followed when the reader opens the message. */
  link?: string;
  subject?: { type: string; id: string };
  /**
   * Names this message for this recipient: sending again with the same key sends nothing. Derive it
   * from what caused the message (`outbox:<eventId>`, `task.escalated:<taskId>:red`), never from time.
   */
  dedupeKey: string;
}

/** A message as a channel receives it (template and params: each channel renders for its medium). */
export interface NotificationMessage {
  id: string;
  recipientAccountId: string;
  kind: string;
  template: string;
  params: NotificationParams;
  link: string | null;
  subject: { type: string; id: string } | null;
  createdAt: Date;
}

/**
 * Somewhere a notification goes besides the in-app inbox. The inbox is the built-in channel: the
 * `notifications_messages` row is the inbox entry and the record that deduplicates sends. Every other
 * channel (SMS, e-mail) is handed each new message, never a deduplicated repeat, inside the sender's
 * transaction. It must not call its gateway there — the transaction may still roll back, and a slow
 * gateway would hold the caller's locks — but enqueue its own outbox event and send from that handler.
 */
export interface NotificationChannel {
  readonly name: string;
  accept(tx: Db, message: NotificationMessage): Promise<void>;
}

const channels: NotificationChannel[] = [];

/** Adds a delivery channel (e.g. an SMS provider's adapter); registering the same name again replaces it. */
export function useNotificationChannel(channel: NotificationChannel): void {
  const i = channels.findIndex((c) => c.name === channel.name);
  if (i >= 0) channels.splice(i, 1, channel);
  else channels.push(channel);
}

const KIND = /^[a-z][a-z0-9_.]{0,63}$/;
// Portal paths only: "//host" or "/\host" would leave the site.
const PORTAL_PATH = /^\/(?![/\\])/;

/** Mistakes of the calling code, not of a user: they fail the caller's transaction loudly. */
function checkInput(input: Omit<NotifyInput, 'recipientAccountId'>): void {
  const where = `notify(${input.template})`;
  if (!isNotificationTemplate(input.template)) throw new Error(`${where}: unknown template`);
  if (!KIND.test(input.kind))
    throw new Error(`${where}: kind ${JSON.stringify(input.kind)} is not a keyword`);
  const missing = templateParamNames(input.template).filter((p) => input.params?.[p] === undefined);
  if (missing.length) throw new Error(`${where}: missing params ${missing.join(', ')}`);
  if (input.link !== undefined && (!PORTAL_PATH.test(input.link) || input.link.length > 500))
    throw new Error(`${where}: link must be a portal path`);
  if (!input.dedupeKey || input.dedupeKey.length > 200) throw new Error(`${where}: dedupeKey of 1–200 chars`);
}

function messageOf(row: MessageRow): NotificationMessage {
  return {
    id: row.id,
    recipientAccountId: row.recipient_account_id,
    kind: row.kind,
    template: row.template,
    params: row.params,
    link: row.link,
    subject: row.subject_type && row.subject_id ? { type: row.subject_type, id: row.subject_id } : null,
    createdAt: row.created_at,
  };
}

async function send(
  tx: Db,
  recipients: string[],
  input: Omit<NotifyInput, 'recipientAccountId'>,
): Promise<MessageRow[]> {
  checkInput(input);
  const created = await insertMessages(
    tx,
    [...new Set(recipients)].map((recipient) => ({
      id: uuidv7(),
      recipient_account_id: recipient,
      kind: input.kind,
      template: input.template,
      params: input.params ?? {},
      link: input.link ?? null,
      subject_type: input.subject?.type ?? null,
      subject_id: input.subject?.id ?? null,
      dedupe_key: input.dedupeKey,
    })),
  );
  for (const row of created) for (const channel of channels) await channel.accept(tx, messageOf(row));
  const [first] = created;
  if (first) {
    await appendAudit(tx, {
      actorId: null,
      actorKind: 'system',
      action: 'notification.send',
      subjectType: input.subject?.type ?? 'notification',
      subjectId: input.subject?.id ?? first.id,
      details: {
        template: input.template,
        kind: input.kind,
        recipients: created.map((r) => r.recipient_account_id),
        notificationIds: created.map((r) => r.id),
      },
    });
  }
  return created;
}

/**
 * Sends one account a message, inside the caller's transaction (it is sent exactly when the change
 * it tells about commits). A repeat with the same dedupe key sends nothing: `created` is false.
 */
export async function notify(tx: Db, input: NotifyInput): Promise<{ created: boolean }> {
  const { recipientAccountId, ...rest } = input;
  const created = await send(tx, [recipientAccountId], rest);
  return { created: created.length > 0 };
}

/**
 * Sends the message to every account holding `role` in the department (e.g. its heads), each once per
 * dedupe key. Nobody holding the role sends nothing.
 */
export async function notifyDepartmentRole(
  tx: Db,
  input: Omit<NotifyInput, 'recipientAccountId'> & { departmentId: string; role: StaffRoleName },
): Promise<{ recipients: number; created: number }> {
  const { departmentId, role, ...rest } = input;
  const recipients = await accountsWithRole(tx, departmentId, role);
  const created = await send(tx, recipients, rest);
  return { recipients: recipients.length, created: created.length };
}

function present(row: MessageRow, locale: Locale): NotificationView {
  const { title, body } = renderNotification(row.template, row.params, locale);
  const m = messageOf(row);
  return {
    id: m.id,
    kind: m.kind,
    title,
    body,
    link: m.link,
    subject: m.subject,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}

/** The signed-in account's own messages, newest first, rendered in `locale`. */
export async function listOwnNotifications(
  db: Db,
  actor: Actor,
  q: NotificationQuery,
  locale: Locale,
): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
  const limit = q.limit ?? 20;
  const rows = await findInbox(db, actor.accountId, {
    unread: q.unread,
    beforeId: q.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => present(r, locale)),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function unreadCount(db: Db, actor: Actor): Promise<{ count: number }> {
  return { count: await countUnread(db, actor.accountId) };
}

/** Marks one of the account's own messages read (again: no change); anyone else's is not found. */
export async function markRead(db: Db, actor: Actor, id: string, locale: Locale): Promise<NotificationView> {
  return inTransaction(db, async (tx) => {
    const row = await lockOwnMessage(tx, actor.accountId, id);
    if (!row) throw new AppError('NOTIFICATION_NOT_FOUND');
    if (row.read_at) return present(row, locale);
    const read = await setRead(tx, id);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'notification.read',
      subjectType: 'notification',
      subjectId: id,
    });
    return present(read, locale);
  });
}

export async function markAllRead(db: Db, actor: Actor): Promise<{ marked: number }> {
  return inTransaction(db, async (tx) => {
    const ids = await setAllRead(tx, actor.accountId);
    if (ids.length) {
      await appendAudit(tx, {
        actorId: actor.accountId,
        actorKind: actor.kind,
        action: 'notification.readAll',
        subjectType: 'account',
        subjectId: actor.accountId,
        details: { count: ids.length },
      });
    }
    return { marked: ids.length };
  });
}
