import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { type BundleCaseView, casePath } from './bundles.ts';

/**
 * What the steps of a bundle draft show instead of themselves: the load error, or — once the bundle
 * was submitted — a link to its progress. `null` when the step may render.
 */
export function bundleDraftGate(
  title: string,
  c: BundleCaseView | undefined,
  error: ApiError | undefined,
): ReactNode {
  if (error || !c)
    return (
      <>
        <PageTitle>{title}</PageTitle>
        <ErrorAlert error={error} />
      </>
    );
  if (c.status !== 'draft') return <Submitted title={title} id={c.id} />;
  return null;
}

function Submitted({ title, id }: { title: string; id: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <Alert
        type="info"
        showIcon
        title={t('bundles.notDraft')}
        description={<Link to={casePath(id)}>{t('bundles.viewProgress')}</Link>}
      />
    </>
  );
}
