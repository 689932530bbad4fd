import type { LicenceStatus, LicenceSummary, LicenceTypeView } from '@tongban/contracts';
import { Button, Card, Empty, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/useApi.ts';
import { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { LicenceStatusTag } from '../features/licences/LicenceStatusTag.tsx';

const STATUSES: Array<LicenceStatus | ''> = ['', 'valid', 'expired', 'suspended', 'revoked'];

/** 我的证照: the holder's e-licences with their status, filtered by status and type. */
export default function WalletPage() {
  const { t } = useTranslation();
  const { text, date } = useLocal();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const type = params.get('type') ?? '';
  const query = new URLSearchParams({ ...(status ? { status } : {}), ...(type ? { type } : {}) }).toString();
  const list = usePagedApi<LicenceSummary>(`/me/licences${query ? `?${query}` : ''}`);
  const types = useApi<{ items: LicenceTypeView[] }>('/licence-types');
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <>
      <PageTitle>{t('licences.walletTitle')}</PageTitle>
      <p className="tb-muted">{t('licences.walletHint')}</p>
      <div className="tb-block tb-filters">
        <div className="tb-scroll-x">
          <Segmented
            aria-label={t('licences.filterStatus')}
            value={status}
            onChange={(v) => set('status', String(v))}
            options={STATUSES.map((s) => ({
              value: s,
              label: s ? t(`licences.status.${s}`) : t('services.all'),
            }))}
            data-testid="licence-status-filter"
          />
        </div>
        <label htmlFor="licence-type-filter" className="tb-sr-only">
          {t('licences.filterType')}
        </label>
        <Select
          id="licence-type-filter"
          value={type}
          onChange={(v) => set('type', v)}
          style={{ minWidth: 200 }}
          options={[
            { value: '', label: t('licences.allTypes') },
            ...(types.data?.items ?? []).map((ty) => ({ value: ty.code, label: text(ty) })),
          ]}
        />
      </div>
      <ErrorAlert error={list.error} />
      {list.loading && list.items.length === 0 ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <Empty description={t('licences.none')} />
      ) : (
        <ul className="tb-grid tb-plain-list" data-testid="wallet">
          {list.items.map((l) => (
            <li key={l.id} data-testid={`licence-${l.typeCode}`} data-status={l.status}>
              <Card size="small" className="tb-licence-card">
                <Link to={`/me/licences/${l.id}`} className="tb-licence-title" data-testid="licence-link">
                  {text(l, 'typeName')}
                </Link>
                <div>
                  <LicenceStatusTag status={l.status} />
                </div>
                <dl className="tb-dl">
                  <dt>{t('licences.number')}</dt>
                  <dd>{l.number}</dd>
                  <dt>{t('licences.issuer')}</dt>
                  <dd>{text(l, 'issuerName')}</dd>
                  <dt>{t('licences.validity')}</dt>
                  <dd>
                    {date(l.validFrom)} – {l.validUntil ? date(l.validUntil) : t('licences.noExpiry')}
                  </dd>
                </dl>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <div className="tb-actions">
        {list.hasMore && <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>}
        <Button onClick={list.reload}>{t('common.refresh')}</Button>
      </div>
    </>
  );
}
