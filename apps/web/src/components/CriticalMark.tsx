import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export function CriticalMark({ critical }: { critical: boolean }) {
  const { t } = useTranslation();
  return critical ? (
    <Tag color="red" data-testid="critical-mark">
      {t('materials.critical')}
    </Tag>
  ) : (
    <Tag>{t('materials.nonCritical')}</Tag>
  );
}
