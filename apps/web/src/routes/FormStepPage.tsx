import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { ApplySteps } from '../features/apply/ApplySteps.tsx';
import { FormEditor } from '../features/apply/FormEditor.tsx';
import { isEmpty, useApplicationWithForm } from '../features/apply/useApplication.ts';
import { OnBehalfBanner, useIsFiler } from '../features/proxy/onBehalf.tsx';

export default function FormStepPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text } = useLocal();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { app, form, serviceCode } = useApplicationWithForm(id);
  const filer = useIsFiler(app.data);

  if ((app.loading && !app.data) || (form.loading && !form.data) || (!form.data && !form.error && !app.error))
    return <Loading />;
  if (app.error || form.error || !app.data || !form.data || !serviceCode)
    return (
      <>
        <PageTitle>{t('apply.formTitle')}</PageTitle>
        <ErrorAlert error={app.error ?? form.error} />
      </>
    );

  const a = app.data;
  const f = form.data;
  if (a.status !== 'draft') {
    return (
      <>
        <PageTitle>{t('apply.formTitle')}</PageTitle>
        <Alert
          type="info"
          showIcon
          title={t('apply.notDraft')}
          description={<Link to={`/applications/${a.id}`}>{t('apply.viewApplication')}</Link>}
        />
      </>
    );
  }
  // The form's pre-fill is the signed-in user's own data: never for a case filed for someone else.
  const initial = isEmpty(a.formData) && !filer ? { ...(f.prefill?.values ?? {}) } : a.formData;
  const back = params.get('return') === 'check';

  return (
    <>
      <PageTitle title={`${t('apply.formTitle')} - ${text(a.service)}`}>
        {t('apply.formTitle')}
        <span className="tb-h1-sub">{text(a.service)}</span>
      </PageTitle>
      <ApplySteps current={0} />
      <OnBehalfBanner app={a} />
      <FormEditor
        applicationId={a.id}
        serviceCode={serviceCode}
        form={f}
        initialData={initial}
        autosave
        primaryLabel={back ? t('form.saveAndBack') : t('form.saveAndContinue')}
        primaryTestId="form-continue"
        onPrimary={async (data) => {
          await api(`/applications/${a.id}/form`, { method: 'PUT', body: { formData: data } });
          navigate(back ? `/applications/${a.id}/check` : `/applications/${a.id}/materials`);
        }}
      />
    </>
  );
}
