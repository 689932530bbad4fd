import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BundleCaseStatus } from './bundles.ts';

const COLOURS: Record<BundleCaseStatus, string> = {
  draft: 'default',
  in_progress: 'processing',
  completed: 'success',
  partially_completed: 'warning',
  rejected: 'error',
  withdrawn: 'default',
};

export function BundleStatusTag({ status }: { status: BundleCaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status] ?? 'default'} data-testid="bundle-status" data-status={status}>
      {t(`bundles.status.${status}`)}
    </Tag>
  );
}
