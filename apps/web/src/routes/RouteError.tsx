import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown instead of a blank page when a page fails to load or render (e.g. a chunk lost after a deploy). */
export function RouteError() {
  const { t } = useTranslation();
  return (
    <main id="main" className="tb-main">
      <Result
        status="warning"
        title={<h1 className="tb-result-title">{t('routeError.title')}</h1>}
        subTitle={t('routeError.body')}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('routeError.reload')}
          </Button>
        }
      />
    </main>
  );
}
