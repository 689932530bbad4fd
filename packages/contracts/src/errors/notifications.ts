import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the notifications module. */
export const notificationsErrors = {
  // Someone else's message answers the same as a missing one, so ids reveal nothing.
  NOTIFICATION_NOT_FOUND: { status: 404, 'zh-CN': '通知不存在', en: 'The notification does not exist' },
} satisfies ErrorCatalogue;
