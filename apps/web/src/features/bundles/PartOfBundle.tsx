import type { BundleLink } from '@tongban/contracts';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { casePath } from './bundles.ts';

/**
 * Says that a case was filed as part of a one-stop bundle, with its number; the applicant also gets a
 * link to the whole bundle's progress (officers see only the number).
 */
export function PartOfBundle({ bundle, link }: { bundle: BundleLink | null | undefined; link?: boolean }) {
  const { t } = useTranslation();
  if (!bundle) return null;
  return (
    <Alert
      type="info"
      showIcon
      className="tb-block"
      data-testid="part-of-bundle"
      title={t('bundles.partOf', { number: bundle.number })}
      action={link ? <Link to={casePath(bundle.id)}>{t('bundles.viewBundle')}</Link> : undefined}
    />
  );
}
