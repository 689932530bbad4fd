import type { Department } from '@tongban/contracts';
import { Alert, Button, Empty, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';
import {
  createKey,
  markCompromised,
  rotateKey,
  SIGNING_ALGS,
  type SigningAlg,
  type TrustKey,
} from '../features/trust/api.ts';

const STATUS_COLOURS: Record<TrustKey['status'], string> = {
  active: 'success',
  retired: 'default',
  compromised: 'error',
};

type Pending =
  | { action: 'create'; alg: SigningAlg }
  | { action: 'rotate'; key: TrustKey }
  | { action: 'compromise'; key: TrustKey };

/**
 * The signing keys (签章密钥) of the department an administrator runs: which key signs now, which
 * ones were retired (they still verify what they signed) or marked compromised (nothing they signed
 * is trusted any more); create a key with another algorithm, rotate, or report a key compromised.
 */
export default function TrustKeysPage() {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const notify = useNotify();
  const { me } = useAuth();
  const departments = [
    ...new Set((me?.account.roles ?? []).filter((r) => r.role === 'dept_admin').map((r) => r.departmentId)),
  ];
  const [chosen, setChosen] = useState<string>();
  const owner = chosen ?? departments[0];
  const department = useApi<Department>(owner ? `/departments/${encodeURIComponent(owner)}` : null);
  const list = usePagedApi<TrustKey>(`/admin/trust/keys?owner=${encodeURIComponent(owner ?? '')}`, 50);
  const [chosenAlg, setAlg] = useState<SigningAlg>();
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const algLabel = useId();
  const reasonLabel = useId();

  // The algorithm of the key in use, unless the administrator picks another.
  const alg = chosenAlg ?? list.items.find((k) => k.status === 'active')?.alg ?? 'EdDSA';

  if (!owner) return <Alert type="warning" showIcon title={t('trust.notAdmin')} />;

  const statusWord = (s: TrustKey['status']) => t(`trust.status.${s}`);

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    try {
      if (pending.action === 'create') {
        const k = await createKey(owner, pending.alg);
        notify.success(t('trust.created', { kid: k.kid, alg: k.alg }));
      } else if (pending.action === 'rotate') {
        const c = await rotateKey(pending.key.kid);
        notify.success(t('trust.rotated', { kid: c.active?.kid ?? '' }));
      } else {
        await markCompromised(pending.key.kid, reason.trim());
        notify.success(t('trust.compromisedDone', { kid: pending.key.kid }));
      }
      setPending(null);
      setReason('');
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const ask = (p: Pending) => {
    setError(undefined);
    setReason('');
    setPending(p);
  };

  const question = !pending
    ? ''
    : pending.action === 'create'
      ? t('trust.confirmCreate', { alg: pending.alg })
      : pending.action === 'rotate'
        ? t('trust.confirmRotate', { kid: pending.key.kid })
        : t('trust.confirmCompromise', { kid: pending.key.kid });

  return (
    <>
      <PageTitle title={t('trust.title')}>
        {t('trust.title')}
        <span className="tb-h1-sub">{text(department.data)}</span>
      </PageTitle>
      <Typography.Paragraph>{t('trust.intro')}</Typography.Paragraph>
      {departments.length > 1 && (
        <Space wrap className="tb-actions">
          <Select
            aria-label={t('trust.department')}
            value={owner}
            onChange={setChosen}
            style={{ minWidth: 240 }}
            options={departments.map((d) => ({
              value: d,
              label: d === owner ? text(department.data) || d : d,
            }))}
          />
        </Space>
      )}
      <Space wrap className="tb-actions" align="end">
        <div>
          <label htmlFor={algLabel} className="tb-label">
            {t('trust.algorithm')}
          </label>
          <Select<SigningAlg>
            id={algLabel}
            value={alg}
            onChange={setAlg}
            style={{ minWidth: 200 }}
            data-testid="trust-alg"
            options={SIGNING_ALGS.map((a) => ({ value: a, label: t(`trust.alg.${a}`) }))}
          />
        </div>
        <Button type="primary" onClick={() => ask({ action: 'create', alg })} data-testid="trust-create">
          {t('trust.create')}
        </Button>
      </Space>
      <ErrorAlert error={list.error} />
      <div className="tb-table-scroll">
        <Table<TrustKey>
          rowKey="kid"
          size="middle"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          data-testid="trust-keys"
          locale={{ emptyText: <Empty description={t('trust.empty')} /> }}
          onRow={(row) => ({ 'data-testid': `trust-key-${row.status}` }) as never}
          columns={[
            {
              title: t('trust.kid'),
              key: 'kid',
              render: (_, k) => (
                <Typography.Text code copyable={{ text: k.kid }} title={k.kid}>
                  {`${k.kid.slice(0, 10)}…`}
                </Typography.Text>
              ),
            },
            { title: t('trust.algorithm'), key: 'alg', render: (_, k) => k.alg },
            {
              title: t('trust.statusLabel'),
              key: 'status',
              render: (_, k) => (
                <Tag color={STATUS_COLOURS[k.status]} data-status={k.status}>
                  {statusWord(k.status)}
                </Tag>
              ),
            },
            { title: t('trust.createdAt'), key: 'created', render: (_, k) => dateTime(k.createdAt) },
            {
              title: t('trust.endedAt'),
              key: 'ended',
              render: (_, k) => dateTime(k.compromisedAt ?? k.retiredAt),
            },
            {
              title: t('trust.actions'),
              key: 'actions',
              render: (_, k) => (
                <Space wrap>
                  {k.status === 'active' && (
                    <Button
                      size="small"
                      onClick={() => ask({ action: 'rotate', key: k })}
                      data-testid="trust-rotate"
                    >
                      {t('trust.rotate')}
                    </Button>
                  )}
                  {k.status !== 'compromised' && (
                    <Button
                      size="small"
                      danger
                      onClick={() => ask({ action: 'compromise', key: k })}
                      data-testid="trust-compromise"
                    >
                      {t('trust.compromise')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </div>
      {list.hasMore && (
        <div className="tb-actions">
          <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>
        </div>
      )}
      <Typography.Paragraph>
        {t('trust.publicKeys')} <a href={`/api/v1/trust/jwks/${encodeURIComponent(owner)}`}>JWKS</a> ·{' '}
        <a href={`/dids/${encodeURIComponent(owner)}/did.json`}>did.json</a>
      </Typography.Paragraph>
      <Modal
        open={pending !== null}
        title={pending ? t(`trust.confirmTitle.${pending.action}`) : ''}
        okText={pending ? t(`trust.confirmOk.${pending.action}`) : ''}
        okButtonProps={
          { danger: pending?.action === 'compromise', loading: busy, 'data-testid': 'trust-confirm' } as never
        }
        cancelText={t('common.cancel')}
        onOk={() => void confirm()}
        onCancel={() => setPending(null)}
      >
        <Typography.Paragraph>{question}</Typography.Paragraph>
        {pending?.action === 'compromise' && (
          <>
            <Alert type="warning" showIcon title={t('trust.compromiseWarning')} className="tb-block" />
            <label htmlFor={reasonLabel} className="tb-label">
              {t('trust.reason')}
            </label>
            <Input.TextArea
              id={reasonLabel}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              data-testid="trust-reason"
            />
          </>
        )}
        <ErrorAlert error={error} />
      </Modal>
    </>
  );
}
