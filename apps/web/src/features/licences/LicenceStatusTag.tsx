import type { LicenceStatus } from '@tongban/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOURS: Record<LicenceStatus, string> = {
  valid: 'success',
  expired: 'default',
  suspended: 'warning',
  revoked: 'error',
};

/** 有效 / 已过期 / 已暂停 / 已撤销 as a coloured tag (the word carries the meaning, not the colour). */
export function LicenceStatusTag({ status }: { status: LicenceStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status]} data-testid="licence-status" data-status={status}>
      {t(`licences.status.${status}`)}
    </Tag>
  );
}
