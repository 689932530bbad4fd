import type { NotificationView } from '@tongban/contracts';
import { Button, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { NotificationList } from '../features/notifications/NotificationList.tsx';
import { refreshUnread, useUnreadCount } from '../features/notifications/unread.ts';

/** My notifications: all or unread only, newest first; open one to follow it, or mark them all read. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const say = useNotify();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === '1';
  const list = usePagedApi<NotificationView>(`/me/notifications${unreadOnly ? '?unread=true' : ''}`);
  const unreadCount = useUnreadCount() ?? 0;
  // Marked read on this page since the list loaded (the list itself is not refetched for each click).
  const [readHere, setReadHere] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const items = list.items.map((n) =>
    readHere[n.id] && !n.readAt ? { ...n, readAt: readHere[n.id] ?? null } : n,
  );

  const markAll = async () => {
    setBusy(true);
    try {
      const { marked } = await api<{ marked: number }>('/me/notifications/read-all', { method: 'POST' });
      say.success(t('notifications.markedAll', { count: marked }));
      setReadHere({});
      list.reload();
      await refreshUnread();
    } catch (e) {
      say.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('notifications.title')}</PageTitle>
      <div
        className="tb-block"
        style={{ display: 'flex', gap: 8, justifyContent: 'space-between', flexWrap: 'wrap' }}
      >
        <Segmented
          aria-label={t('notifications.filter')}
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setParams(v === 'unread' ? { unread: '1' } : {})}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unreadOnly') },
          ]}
        />
        <Button
          onClick={() => void markAll()}
          loading={busy}
          disabled={unreadCount === 0}
          data-testid="mark-all-read"
        >
          {t('notifications.markAllRead')}
        </Button>
      </div>
      <ErrorAlert error={list.error} />
      <NotificationList
        items={items}
        loading={list.loading}
        emptyText={t(unreadOnly ? 'notifications.noneUnread' : 'notifications.none')}
        onRead={(id) => setReadHere((r) => ({ ...r, [id]: new Date().toISOString() }))}
      />
      <div className="tb-actions">
        {list.hasMore && <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>}
        <Button onClick={list.reload}>{t('common.refresh')}</Button>
      </div>
    </>
  );
}
