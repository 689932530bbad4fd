import type { ConsentReceiptView, ConsentRequestView } from '@tongban/contracts';
import { Alert, Button, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';

/**
 * A consent request addressed to me, in plain words: who asks (the system and its department), for
 * what purpose, which of my data, how long they keep it and how long my consent lasts; grant or decline.
 */
export default function ConsentRequestPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { en, text, dateTime } = useLocal();
  const notify = useNotify();
  const req = useApi<ConsentRequestView>(`/consents/requests/${encodeURIComponent(id)}`);
  const [busy, setBusy] = useState<'grant' | 'decline' | null>(null);
  const [error, setError] = useState<ApiError>();

  const answer = async (what: 'grant' | 'decline') => {
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'grant') {
        const receipt = await api<ConsentReceiptView>(`/consents/requests/${id}/grant`, { method: 'POST' });
        notify.success(t('consent.granted', { until: dateTime(receipt.expiresAt) }));
      } else {
        await api(`/consents/requests/${id}/decline`, { method: 'POST' });
        notify.info(t('consent.declined'));
      }
      req.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(null);
    }
  };

  if (req.loading && !req.data) return <Loading />;
  const r = req.data;
  return (
    <>
      <PageTitle>{t('consent.requestTitle')}</PageTitle>
      <ErrorAlert error={req.error ?? error} />
      {r && (
        <>
          <Typography.Paragraph>
            {t('consent.requestIntro', {
              system: text(r.recipient),
              department: text(r.recipient, 'departmentName'),
            })}
          </Typography.Paragraph>
          <Descriptions bordered column={1} size="small" data-testid="consent-request">
            <Descriptions.Item label={t('consent.recipient')}>
              {text(r.recipient)} ({text(r.recipient, 'departmentName')})
            </Descriptions.Item>
            <Descriptions.Item label={t('consent.purpose')}>
              <strong>{text(r.purpose)}</strong>
              <br />
              {text(r.purpose, 'description')}
            </Descriptions.Item>
            <Descriptions.Item label={t('consent.dataset')}>{text(r.dataset)}</Descriptions.Item>
            <Descriptions.Item label={t('consent.fields')}>
              <Space wrap>
                {r.fields.map((f) => (
                  <Tag key={f.code}>{en ? f.labelEn : f.labelZh}</Tag>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('consent.retention')}>
              {t('consent.retentionDays', { count: r.retentionDays })}
            </Descriptions.Item>
            <Descriptions.Item label={t('consent.validity')}>
              {t('consent.validDays', { count: r.validDays })}
            </Descriptions.Item>
          </Descriptions>
          {r.status === 'pending' ? (
            <>
              <Typography.Paragraph className="tb-block">{t('consent.revocable')}</Typography.Paragraph>
              <Space wrap className="tb-actions">
                <Button
                  type="primary"
                  loading={busy === 'grant'}
                  disabled={busy !== null}
                  onClick={() => void answer('grant')}
                  data-testid="consent-grant"
                >
                  {t('consent.grant')}
                </Button>
                <Button
                  loading={busy === 'decline'}
                  disabled={busy !== null}
                  onClick={() => void answer('decline')}
                  data-testid="consent-decline"
                >
                  {t('consent.decline')}
                </Button>
              </Space>
            </>
          ) : (
            <Alert
              className="tb-block"
              type={r.status === 'granted' ? 'success' : 'info'}
              showIcon
              title={t(`consent.requestStatus.${r.status}`, { at: dateTime(r.decidedAt) })}
              description={<Link to="/me/consents">{t('consent.myConsents')}</Link>}
            />
          )}
        </>
      )}
    </>
  );
}
