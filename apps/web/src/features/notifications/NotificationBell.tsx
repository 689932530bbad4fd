import { BellOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthContext.tsx';
import { clearUnread, refreshUnread, useUnreadCount } from './unread.ts';

const POLL_MS = 60_000;

/** The header bell: unread count, refreshed on every navigation and every minute while the tab is visible. */
export function NotificationBell() {
  const { t } = useTranslation();
  const accountId = useAuth().me?.account.id;
  const { pathname } = useLocation();
  const count = useUnreadCount() ?? 0;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a navigation (pathname) is a reason to ask again
  useEffect(() => {
    if (accountId) void refreshUnread();
    else clearUnread();
  }, [accountId, pathname]);

  useEffect(() => {
    if (!accountId) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refreshUnread();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [accountId]);

  if (!accountId) return null;
  return (
    <Link
      to="/notifications"
      className="tb-header-link"
      style={{ display: 'inline-flex', alignItems: 'center', padding: 8, textDecoration: 'none' }}
      aria-label={t('notifications.bell', { count })}
      data-testid="notification-bell"
      data-count={count}
    >
      {/* White on antd's default badge red is 3.3:1; this red keeps the number readable (WCAG 1.4.3). */}
      <Badge count={count} size="small" overflowCount={99} style={{ backgroundColor: '#b71c1c' }}>
        <BellOutlined aria-hidden="true" style={{ color: '#fff', fontSize: 18 }} />
      </Badge>
    </Link>
  );
}
