import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePagedApi } from '../../api/usePagedApi.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useLocal } from '../../components/useLocal.ts';
import { BundleStatusTag } from './BundleStatusTag.tsx';
import { type BundleCaseSummary, casePath } from './bundles.ts';

/** The applicant's bundle applications (一件事) above their single applications; nothing when there is none. */
export function MyBundles() {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const list = usePagedApi<BundleCaseSummary>('/bundle-cases', 20);
  if (!list.items.length && !list.error) return null;
  return (
    <section className="tb-section" aria-labelledby="my-bundles-title">
      <Typography.Title level={2} id="my-bundles-title">
        {t('bundles.myTitle')}
      </Typography.Title>
      <ErrorAlert error={list.error} />
      <ul className="tb-mobile-list" data-testid="my-bundles">
        {list.items.map((b) => (
          <li key={b.id} data-testid={`bundle-row-${b.id}`} data-status={b.status}>
            <Card size="small">
              <Link
                to={b.status === 'draft' ? `${casePath(b.id)}/items` : casePath(b.id)}
                data-testid="bundle-case-link"
              >
                {text(b.bundle)}
              </Link>{' '}
              <BundleStatusTag status={b.status} />
              <dl className="tb-dl">
                <dt>{t('bundles.bundleNumber')}</dt>
                <dd>{b.bundleNumber ?? '—'}</dd>
                <dt>{t('bundles.chosenItems')}</dt>
                <dd>{b.items.map((i) => text(i)).join('、')}</dd>
                <dt>{t('applications.submittedAt')}</dt>
                <dd>{dateTime(b.submittedAt)}</dd>
              </dl>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}
