import type { NotificationView } from '@tongban/contracts';
import { Button, Card, Empty, Tag } from 'antd';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { useLocal } from '../../components/useLocal.ts';
import { refreshUnread } from './unread.ts';

interface Props {
  items: NotificationView[];
  loading: boolean;
  emptyText: string;
  /** Called with the id once the server marked it read. */
  onRead: (id: string) => void;
}

export async function markNotificationRead(id: string): Promise<void> {
  await api(`/me/notifications/${id}/read`, { method: 'POST' });
  void refreshUnread();
}

/**
 * The inbox as a list (one card per message, fits 360 px). Unread messages are bold AND tagged
 * "unread" in words, never bold alone. Opening a message marks it read, then follows its link.
 */
export function NotificationList({ items, loading, emptyText, onRead }: Props) {
  const { t } = useTranslation();
  const { dateTime } = useLocal();
  const navigate = useNavigate();

  const markRead = async (n: NotificationView) => {
    if (n.readAt) return;
    try {
      await markNotificationRead(n.id);
      onRead(n.id);
    } catch {
      // Following the link matters more than the mark; the message stays unread and can be marked again.
    }
  };
  const open = async (e: MouseEvent, n: NotificationView) => {
    if (!n.link || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    await markRead(n);
    navigate(n.link);
  };

  if (!loading && items.length === 0) return <Empty description={emptyText} />;
  return (
    <ul className="tb-mobile-list" data-testid="notification-list">
      {items.map((n) => {
        const unread = !n.readAt;
        const title = unread ? <strong>{n.title}</strong> : n.title;
        return (
          <li key={n.id} data-testid="notification-item" data-unread={unread} data-kind={n.kind}>
            <Card size="small">
              <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }}>
                {unread && <Tag color="red">{t('notifications.unread')}</Tag>}
                {n.link ? (
                  <Link to={n.link} onClick={(e) => void open(e, n)} data-testid="notification-link">
                    {title}
                  </Link>
                ) : (
                  <span>{title}</span>
                )}
              </div>
              {n.body && <p style={{ margin: '6px 0', overflowWrap: 'anywhere' }}>{n.body}</p>}
              <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                <time dateTime={n.createdAt} className="tb-muted">
                  {dateTime(n.createdAt)}
                </time>
                {unread && !n.link && (
                  <Button size="small" onClick={() => void markRead(n)} data-testid="notification-mark-read">
                    {t('notifications.markRead')}
                  </Button>
                )}
              </div>
            </Card>
          </li>
        );
      })}
    </ul>
  );
}
