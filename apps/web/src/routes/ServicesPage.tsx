import { Button, Empty, Segmented } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { Page, ServiceSummary } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useLocal } from '../components/useLocal.ts';
import { BundleSection } from '../features/bundles/BundleCards.tsx';
import { toCategoryGroups } from '../features/catalogue/categories.ts';
import { ServiceCard } from '../features/catalogue/ServiceCard.tsx';

const FILTERS = ['q', 'audience', 'category', 'department'] as const;

export default function ServicesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [items, setItems] = useState<ServiceSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  const { text } = useLocal();
  const groups = toCategoryGroups(useApi<unknown>('/service-categories').data);
  const category = params.get('category');
  const department = params.get('department');
  const filters = [
    category && {
      key: 'category',
      label: text(groups.lifeEvents.find((c) => c.key === category)) || category,
    },
    department && {
      key: 'department',
      label: text(groups.departments.find((c) => c.key === department)) || department,
    },
  ].filter((f): f is { key: string; label: string } => !!f);
  const q = params.get('q') ?? '';
  const audience = params.get('audience') ?? '';

  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) query.set(f, v);
  }
  const queryString = query.toString();

  const load = async (after: string | null) => {
    setLoading(true);
    setError(undefined);
    try {
      const qs = new URLSearchParams(queryString);
      qs.set('limit', '20');
      if (after) qs.set('cursor', after);
      const page = await api<Page<ServiceSummary>>(`/services?${qs}`);
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setLoading(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the filters change
  useEffect(() => {
    void load(null);
  }, [queryString]);

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const title = q ? t('services.resultsFor', { q }) : t('services.title');
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <div className="tb-block">
        <SearchBox key={q} testId="services-search" initial={q} onSearch={(v) => update('q', v)} />
      </div>
      <div className="tb-block tb-scroll-x">
        <Segmented
          aria-label={t('services.audienceFilter')}
          value={audience}
          onChange={(v) => update('audience', String(v))}
          options={[
            { label: t('services.all'), value: '' },
            { label: t('audience.citizen'), value: 'citizen' },
            { label: t('audience.enterprise'), value: 'enterprise' },
          ]}
        />
      </div>
      {filters.length > 0 && (
        <p className="tb-block" data-testid="services-filters">
          {t('services.filteredBy')}{' '}
          {filters.map((f) => (
            <Button
              key={f.key}
              size="small"
              className="tb-filter-chip"
              onClick={() => update(f.key, '')}
              aria-label={t('services.removeFilter', { name: f.label })}
            >
              {f.label} <span aria-hidden="true">×</span>
            </Button>
          ))}
        </p>
      )}
      {category && <BundleSection lifeEvent={category} />}
      <ErrorAlert error={error} />
      <p aria-live="polite" className="tb-muted" data-testid="services-count">
        {!loading && t('services.count', { count: items.length })}
      </p>
      {!loading && !items.length && !error && <Empty description={t('services.none')} />}
      <ul className="tb-grid tb-plain-list" data-testid="services-list">
        {items.map((s) => (
          <li key={s.id}>
            <ServiceCard s={s} headingLevel={2} />
          </li>
        ))}
      </ul>
      {loading && <Loading />}
      {cursor && !loading && (
        <div className="tb-actions">
          <Button onClick={() => void load(cursor)}>{t('common.loadMore')}</Button>
        </div>
      )}
    </>
  );
}
