import type { LicenceChoices } from '@tongban/contracts';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../api/useApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { ApplySteps } from '../features/apply/ApplySteps.tsx';
import { MaterialsPanel } from '../features/apply/MaterialsPanel.tsx';
import { useApplication } from '../features/apply/useApplication.ts';
import { LicenceBadge, LicencePicker } from '../features/licence-reuse/LicencePicker.tsx';

export default function MaterialsStepPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text } = useLocal();
  const navigate = useNavigate();
  const { data: app, error, loading, reload } = useApplication(id);
  // 免证办: the applicant's e-licences each entry accepts instead of a file.
  const offersLicences = app?.checklist.some((c) => c.satisfiedByLicenceTypes?.length) ?? false;
  const choices = useApi<LicenceChoices>(
    offersLicences ? `/applications/${encodeURIComponent(id)}/licence-choices` : null,
  );

  if (loading && !app) return <Loading />;
  if (error || !app)
    return (
      <>
        <PageTitle>{t('apply.materialsTitle')}</PageTitle>
        <ErrorAlert error={error} />
      </>
    );
  const missingCritical = app.checklist.filter(
    (c) => c.required && c.critical && !c.provided && !app.materials.some((m) => m.materialCode === c.code),
  );

  return (
    <>
      <PageTitle title={`${t('apply.materialsTitle')} - ${text(app.service)}`}>
        {t('apply.materialsTitle')}
        <span className="tb-h1-sub">{text(app.service)}</span>
      </PageTitle>
      <ApplySteps current={1} />
      <Alert type="info" showIcon title={t('materials.intro')} className="tb-block" />
      <MaterialsPanel
        app={{
          ...app,
          basePath: `/applications/${app.id}`,
          describe: (m) => <LicenceBadge material={m} />,
          extra: (code) => (
            <LicencePicker
              basePath={`/applications/${app.id}`}
              choice={choices.data?.items.find((c) => c.code === code)}
              materials={app.materials.filter((m) => m.materialCode === code)}
              onChanged={reload}
            />
          ),
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
          onClick={() => navigate(`/applications/${app.id}/check`)}
          data-testid="materials-continue"
        >
          {t('common.continue')}
        </Button>
        <Link to={`/applications/${app.id}/form`}>{t('common.back')}</Link>
      </div>
    </>
  );
}
