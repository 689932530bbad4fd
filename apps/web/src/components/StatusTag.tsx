import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../api/types.ts';

const COLOURS: Record<CaseStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'processing',
  in_review: 'processing',
  returned: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
  suspended: 'warning',
  revoked: 'error',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status] ?? 'default'} data-testid="status-tag" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
