import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  NotificationIdParams,
  NotificationPage,
  NotificationQuery,
  NotificationView,
  ReadAllResult,
  UnreadCount,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth.ts';
import { requestLocale } from '../../platform/http-errors.ts';
import { listOwnNotifications, markAllRead, markRead, unreadCount } from './notifications.service.ts';

const tags = ['notifications'];

/** The signed-in account's own inbox (any kind of account); another account's message is not found. */
export async function notificationsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.platform;

  app.get(
    '/me/notifications',
    {
      schema: {
        tags,
        summary: "My notifications, newest first, in the reader's language",
        querystring: NotificationQuery,
        response: { 200: NotificationPage },
      },
    },
    async (req) => listOwnNotifications(db, requireActor(req), req.query, requestLocale(req)),
  );

  app.get(
    '/me/notifications/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of my notifications are unread (the bell)',
        response: { 200: UnreadCount },
      },
    },
    async (req) => unreadCount(db, requireActor(req)),
  );

  app.post(
    '/me/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of my notifications read (repeating it changes nothing)',
        params: NotificationIdParams,
        response: { 200: NotificationView },
      },
    },
    async (req) => markRead(db, requireActor(req), req.params.id, requestLocale(req)),
  );

  app.post(
    '/me/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        response: { 200: ReadAllResult },
      },
    },
    async (req) => markAllRead(db, requireActor(req)),
  );
}
