import { useTranslation } from 'react-i18next';

/**
 * Shown instead of a blank page when a page fails to load or render (e.g. a chunk gone after a
 * deploy). Plain markup: it sits in the main chunk, so it pulls in no extra antd component.
 */
export function RouteError() {
  const { t } = useTranslation();
  return (
    <main id="main" className="tb-main">
      <h1 className="tb-h1">{t('routeError.title')}</h1>
      <p>{t('routeError.body')}</p>
      <button type="button" className="tb-plain-button" onClick={() => window.location.reload()}>
        {t('routeError.reload')}
      </button>
    </main>
  );
}
