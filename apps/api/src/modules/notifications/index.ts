import type { TongbanModule } from '../../platform/module.ts';
import { subscribeNotifications } from './notifications.handlers.ts';
import { notificationsRetention } from './notifications.retention.ts';
import { notificationsRoutes } from './notifications.routes.ts';

export type { NotificationChannel, NotificationMessage, NotifyInput } from './notifications.service.ts';
export { notify, notifyDepartmentRole, useNotificationChannel } from './notifications.service.ts';

export const notificationsModule: TongbanModule = {
  name: 'notifications',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: notificationsRoutes,
  subscribe: subscribeNotifications,
  retention: notificationsRetention,
};
