import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { ApplySteps } from '../features/apply/ApplySteps.tsx';
import { MaterialsPanel } from '../features/apply/MaterialsPanel.tsx';
import { BUNDLE_STEPS, casePath, itemNames, useBundleCase } from '../features/bundles/bundles.ts';
import { bundleDraftGate } from '../features/bundles/DraftGate.tsx';

/** Step 3 of a bundle: each material once, for every chosen item that needs it. */
export default function BundleMaterialsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text } = useLocal();
  const navigate = useNavigate();
  const { data: c, error, loading, reload } = useBundleCase(id);

  const title = t('apply.materialsTitle');
  if (loading && !c) return <Loading />;
  const gate = bundleDraftGate(title, c, error);
  if (gate || !c) return gate;
  const toUpload = c.checklist.filter((e) => !e.issuedBy);
  const issued = c.checklist.filter((e) => e.issuedBy);
  const missingCritical = toUpload.filter(
    (e) => e.critical && !c.materials.some((m) => m.materialCode === e.code),
  );

  return (
    <>
      <PageTitle title={`${title} - ${text(c.bundle)}`}>
        {title}
        <span className="tb-h1-sub">{text(c.bundle)}</span>
      </PageTitle>
      <ApplySteps current={2} steps={BUNDLE_STEPS.map((k) => t(k))} />
      <Alert type="info" showIcon title={t('bundles.materialsHint')} className="tb-block" />
      {issued.length > 0 && (
        <Alert
          type="success"
          showIcon
          className="tb-block"
          data-testid="bundle-issued-materials"
          title={t('bundles.issuedTitle')}
          description={
            <ul className="tb-tight-list">
              {issued.map((e) => (
                <li key={e.code}>
                  {text(e)}: {t('bundles.issuedBy', { item: itemNames(c, [e.issuedBy!], text) })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <MaterialsPanel
        app={{
          status: c.status,
          checklist: toUpload,
          materials: c.materials,
          basePath: casePath(c.id),
          note: (code) => {
            const entry = toUpload.find((e) => e.code === code);
            return entry ? t('bundles.usedBy', { items: itemNames(c, entry.items, text) }) : null;
          },
        }}
        onChanged={reload}
      />
      {missingCritical.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="tb-block"
          title={t('materials.missingCritical', { count: missingCritical.length })}
        />
      )}
      <div className="tb-actions">
        <Button
          type="primary"
          onClick={() => navigate(`${casePath(c.id)}/check`)}
          data-testid="materials-continue"
        >
          {t('common.continue')}
        </Button>
        <Link to={`${casePath(c.id)}/form`}>{t('common.back')}</Link>
      </div>
    </>
  );
}
