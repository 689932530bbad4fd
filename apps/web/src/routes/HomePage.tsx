import { Card, Grid, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Page, ServiceSummary } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useLocal } from '../components/useLocal.ts';
import { BundleSection } from '../features/bundles/BundleCards.tsx';
import { type CategoryLink, toCategoryGroups } from '../features/catalogue/categories.ts';
import { ServiceCard } from '../features/catalogue/ServiceCard.tsx';

function LinkGrid({ links, testid }: { links: CategoryLink[]; testid: string }) {
  const { t } = useTranslation();
  const { text } = useLocal();
  if (!links.length) return <Typography.Paragraph>{t('home.noCategories')}</Typography.Paragraph>;
  return (
    <ul className="tb-grid tb-plain-list" data-testid={testid}>
      {links.map((l) => (
        <li key={l.key}>
          <Card size="small" className="tb-card-link">
            <Link to={l.to}>
              {l.key === 'citizen' || l.key === 'enterprise' ? t(`audience.${l.key}`) : text(l)}
            </Link>
          </Card>
        </li>
      ))}
    </ul>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const categories = useApi<unknown>('/service-categories');
  const popular = useApi<Page<ServiceSummary>>('/services?limit=8');
  const groups = toCategoryGroups(categories.data);
  const phone = Grid.useBreakpoint().md === false;
  const tabs = [
    {
      key: 'life',
      label: t('home.byLifeEvent'),
      children: <LinkGrid links={groups.lifeEvents} testid="cat-life" />,
    },
    {
      key: 'dept',
      label: t('home.byDepartment'),
      children: <LinkGrid links={groups.departments} testid="cat-dept" />,
    },
    {
      key: 'aud',
      label: t('home.byAudience'),
      children: <LinkGrid links={groups.audiences} testid="cat-audience" />,
    },
  ];

  return (
    <>
      <section className="tb-hero" aria-labelledby="home-title">
        <div id="home-title">
          <PageTitle title={t('home.title')}>{t('home.title')}</PageTitle>
        </div>
        <p>{t('home.subtitle')}</p>
        <div className="tb-hero-search">
          <SearchBox testId="home-search" size="large" />
        </div>
      </section>

      <section className="tb-section" aria-labelledby="cat-title">
        <Typography.Title level={2} id="cat-title">
          {t('home.categories')}
        </Typography.Title>
        {categories.loading ? (
          <Loading />
        ) : phone ? (
          // Three tabs do not fit a phone's width; stacked groups do.
          tabs.map((tab) => (
            <section key={tab.key} aria-labelledby={`cat-${tab.key}-title`}>
              <Typography.Title level={3} id={`cat-${tab.key}-title`}>
                {tab.label}
              </Typography.Title>
              {tab.children}
            </section>
          ))
        ) : (
          <Tabs items={tabs} />
        )}
      </section>

      <BundleSection />

      <section className="tb-section" aria-labelledby="popular-title">
        <Typography.Title level={2} id="popular-title">
          {t('home.popular')}
        </Typography.Title>
        <ErrorAlert error={popular.error} />
        {popular.loading ? (
          <Loading />
        ) : (
          <ul className="tb-grid tb-plain-list" data-testid="popular-services">
            {popular.data?.items.map((s) => (
              <li key={s.id}>
                <ServiceCard s={s} />
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/services">{t('home.allServices')}</Link>
        </p>
      </section>
    </>
  );
}
