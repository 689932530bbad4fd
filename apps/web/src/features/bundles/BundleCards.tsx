import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Page } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { useLocal } from '../../components/useLocal.ts';
import type { BundleSummary } from './bundles.ts';

/**
 * The life-event bundles (一件事一次办) under a heading of `level`, each a card linking to its guide;
 * `lifeEvent` narrows them to a category of the catalogue. Renders nothing when there is none.
 */
export function BundleSection({ lifeEvent, level = 2 }: { lifeEvent?: string | null; level?: 2 | 3 }) {
  const { t } = useTranslation();
  const { text } = useLocal();
  const list = useApi<Page<BundleSummary>>(
    `/bundles?limit=20${lifeEvent ? `&lifeEvent=${encodeURIComponent(lifeEvent)}` : ''}`,
  );
  const bundles = list.data?.items ?? [];
  if (!bundles.length) return null;
  const H = `h${level + 1}` as 'h3' | 'h4';
  return (
    <section className="tb-section" aria-labelledby="bundles-title" data-testid="bundle-section">
      <Typography.Title level={level} id="bundles-title">
        {t('bundles.sectionTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('bundles.sectionIntro')}</Typography.Paragraph>
      <ul className="tb-grid tb-plain-list" data-testid="bundle-cards">
        {bundles.map((b) => (
          <li key={b.code}>
            <Card size="small" className="tb-service-card" data-testid={`bundle-card-${b.code}`}>
              <H className="tb-card-title">
                <Link to={`/bundles/${encodeURIComponent(b.code)}`} data-testid="bundle-link">
                  {text(b)}
                </Link>
              </H>
              <Typography.Paragraph className="tb-muted">{text(b, 'summary')}</Typography.Paragraph>
              <Tag color="blue">{t('bundles.oneThing')}</Tag>
              <Tag>{t('bundles.itemsCount', { count: b.items.length })}</Tag>
              <Tag>{t(`audience.${b.audience}`)}</Tag>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}
