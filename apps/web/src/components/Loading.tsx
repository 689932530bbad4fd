import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="tb-loading" role="status" aria-live="polite">
      <Spin />
      <span className="tb-sr-only">{t('common.loading')}</span>
    </div>
  );
}
