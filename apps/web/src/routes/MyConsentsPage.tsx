import type { ConsentReceiptView, ConsentRequestView } from '@tongban/contracts';
import { Button, List, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PagedTable } from '../components/PagedTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';

const STATUS_COLOURS: Record<ConsentReceiptView['status'], string> = {
  live: 'success',
  revoked: 'default',
  expired: 'default',
};
const FILTERS = ['all', 'live', 'revoked', 'expired'] as const;

/** My consents: requests waiting for my answer, and the consents I gave (download the receipt, revoke). */
export default function MyConsentsPage() {
  const { t } = useTranslation();
  const { en, text, dateTime } = useLocal();
  const notify = useNotify();
  const [params, setParams] = useSearchParams();
  const filter = FILTERS.find((f) => f === params.get('status')) ?? 'all';
  const pending = usePagedApi<ConsentRequestView>('/me/consent-requests?status=pending');
  const list = usePagedApi<ConsentReceiptView>(`/me/consents${filter === 'all' ? '' : `?status=${filter}`}`);
  const [revoking, setRevoking] = useState<ConsentReceiptView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setError(undefined);
    try {
      await api(`/me/consents/${revoking.id}/revoke`, { method: 'POST' });
      notify.success(t('consent.revoked', { system: text(revoking.recipient) }));
      setRevoking(null);
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('consent.title')}</PageTitle>
      <Typography.Paragraph>
        {t('consent.intro')} <Link to="/me/data-usage">{t('dataUsage.title')}</Link>
      </Typography.Paragraph>
      {pending.items.length > 0 && (
        <section aria-labelledby="consent-pending">
          <Typography.Title level={2} id="consent-pending">
            {t('consent.pending')}
          </Typography.Title>
          <List
            bordered
            data-testid="consent-pending"
            dataSource={pending.items}
            renderItem={(r) => (
              <List.Item>
                <Link to={`/consents/requests/${r.id}`}>
                  {t('consent.pendingItem', { system: text(r.recipient), purpose: text(r.purpose) })}
                </Link>
              </List.Item>
            )}
          />
        </section>
      )}
      <section aria-labelledby="consent-given">
        <Typography.Title level={2} id="consent-given">
          {t('consent.given')}
        </Typography.Title>
        <Segmented
          className="tb-block"
          aria-label={t('consent.filter')}
          value={filter}
          onChange={(v) => setParams(v === 'all' ? {} : { status: String(v) })}
          options={FILTERS.map((f) => ({ value: f, label: t(`consent.filters.${f}`) }))}
        />
        <ErrorAlert error={error} />
        <PagedTable<ConsentReceiptView>
          list={list}
          testId="consent-list"
          empty={t('consent.none')}
          columns={[
            {
              title: t('consent.recipient'),
              key: 'recipient',
              render: (_, r) => (
                <>
                  {text(r.recipient)}
                  <br />
                  <Typography.Text type="secondary">{text(r.recipient, 'departmentName')}</Typography.Text>
                </>
              ),
            },
            { title: t('consent.purpose'), key: 'purpose', render: (_, r) => text(r.purpose) },
            {
              title: t('consent.fields'),
              key: 'fields',
              render: (_, r) => r.fields.map((f) => (en ? f.labelEn : f.labelZh)).join('、'),
            },
            { title: t('consent.expires'), key: 'expires', render: (_, r) => dateTime(r.expiresAt) },
            {
              title: t('consent.status'),
              key: 'status',
              render: (_, r) => (
                <Tag color={STATUS_COLOURS[r.status]}>{t(`consent.filters.${r.status}`)}</Tag>
              ),
            },
            {
              title: t('consent.actions'),
              key: 'actions',
              render: (_, r) => (
                <Space wrap>
                  <a href={`/api/v1/me/consents/${r.id}/receipt`} download>
                    {t('consent.downloadReceipt')}
                  </a>
                  {r.status === 'live' && (
                    <Button size="small" danger onClick={() => setRevoking(r)} data-testid={`revoke-${r.id}`}>
                      {t('consent.revoke')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </section>
      <Modal
        open={revoking !== null}
        title={t('consent.revokeTitle')}
        onOk={() => void revoke()}
        onCancel={() => setRevoking(null)}
        okText={t('consent.revoke')}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={t('common.cancel')}
      >
        {revoking &&
          t('consent.revokeQuestion', { system: text(revoking.recipient), purpose: text(revoking.purpose) })}
      </Modal>
    </>
  );
}
