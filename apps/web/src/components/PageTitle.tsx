import { Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The page's one h1, also used as the document title (screen readers announce it on navigation). */
export function PageTitle({ children, title }: { children: ReactNode; title?: string }) {
  const { t } = useTranslation();
  const text = title ?? (typeof children === 'string' ? children : '');
  useEffect(() => {
    document.title = text ? `${text} - ${t('app.name')}` : t('app.name');
  }, [text, t]);
  return (
    <Typography.Title level={1} className="tb-h1">
      {children}
    </Typography.Title>
  );
}
