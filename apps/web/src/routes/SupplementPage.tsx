import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, newIdempotencyKey } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { returnNote } from '../features/applications/returnNote.ts';
import { FormEditor } from '../features/apply/FormEditor.tsx';
import { MaterialsPanel } from '../features/apply/MaterialsPanel.tsx';
import { useApplicationWithForm } from '../features/apply/useApplication.ts';
import { DeferralPanel } from '../features/casework/DeferralPanel.tsx';
import { supplementForm } from '../features/casework/supplementForm.ts';

/** 补正: the officer returned the case; the applicant reads the note, fixes the form or materials, resubmits. */
export default function SupplementPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text, en } = useLocal();
  const navigate = useNavigate();
  const notify = useNotify();
  const { app, form, serviceCode } = useApplicationWithForm(id);

  if ((app.loading && !app.data) || (form.loading && !form.data) || (!form.data && !form.error && !app.error))
    return <Loading />;
  if (app.error || form.error || !app.data || !form.data || !serviceCode)
    return (
      <>
        <PageTitle>{t('supplement.title')}</PageTitle>
        <ErrorAlert error={app.error ?? form.error} />
      </>
    );
  const a = app.data;
  if (a.status !== 'returned')
    return (
      <>
        <PageTitle>{t('supplement.title')}</PageTitle>
        <Alert
          type="info"
          showIcon
          title={t('supplement.notReturned')}
          description={<Link to={`/applications/${a.id}`}>{t('apply.viewApplication')}</Link>}
        />
      </>
    );
  const note = returnNote(a);
  const labels = new Map(form.data.fields.map((f) => [f.pointer, en ? f.labelEn : f.labelZh]));
  const askedFields = (a.supplement?.fields ?? []).map((p) => labels.get(p) ?? p);
  const askedMaterials = (a.supplement?.materials ?? []).map(
    (code) => text(a.checklist.find((c) => c.code === code)) || code,
  );
  // Only what the return named may change (the server refuses the rest); a note-only return opens all.
  const named = !!a.supplement && (a.supplement.fields.length > 0 || a.supplement.materials.length > 0);
  // Materials owed from 容缺受理 are uploaded in their own panel above: that closes the gap at once.
  const changeable = new Set(a.supplement?.materials ?? []);
  const materialsHolder = named ? { ...a, checklist: a.checklist.filter((c) => changeable.has(c.code)) } : a;

  return (
    <>
      <PageTitle title={`${t('supplement.title')} - ${text(a.service)}`}>
        {t('supplement.title')}
        <span className="tb-h1-sub">
          {text(a.service)}
          {a.supplement?.round ? ` · ${t('supplement.round', { n: a.supplement.round })}` : ''}
        </span>
      </PageTitle>
      <Alert
        type="warning"
        showIcon
        className="tb-block"
        title={t('supplement.officerNote')}
        description={
          <>
            <p data-testid="return-note">{note ?? '—'}</p>
            {askedFields.length > 0 && (
              <p data-testid="supplement-fields">
                {t('supplement.fields')}: {askedFields.join('、')}
              </p>
            )}
            {askedMaterials.length > 0 && (
              <p data-testid="supplement-materials">
                {t('supplement.materials')}: {askedMaterials.join('、')}
              </p>
            )}
            {named && <p data-testid="supplement-only-named">{t('supplement.onlyNamed')}</p>}
          </>
        }
      />
      <DeferralPanel
        applicationId={a.id}
        deferral={a.deferral}
        status={a.status}
        applicant
        onChanged={app.reload}
      />
      <section className="tb-section" aria-labelledby="sup-mat">
        <Typography.Title level={2} id="sup-mat">
          {t('answers.materialsSection')}
        </Typography.Title>
        {materialsHolder.checklist.length > 0 ? (
          <MaterialsPanel
            app={{ ...materialsHolder, basePath: `/applications/${a.id}` }}
            onChanged={app.reload}
            headingLevel={3}
          />
        ) : (
          <p className="tb-muted" data-testid="materials-unchanged">
            {t('supplement.materialsUnchanged')}
          </p>
        )}
      </section>
      <section className="tb-section" aria-labelledby="sup-form">
        <Typography.Title level={2} id="sup-form">
          {t('answers.formSection')}
        </Typography.Title>
        <FormEditor
          applicationId={a.id}
          serviceCode={serviceCode}
          form={supplementForm(form.data, a.supplement)}
          initialData={a.formData ?? {}}
          autosave={false}
          primaryLabel={t('supplement.resubmit')}
          primaryTestId="resubmit"
          onPrimary={async (formData) => {
            await api(`/applications/${a.id}/resubmit`, {
              method: 'POST',
              body: { formData },
              idempotencyKey: newIdempotencyKey(),
            });
            notify.success(t('supplement.resubmitted'));
            navigate(`/applications/${a.id}`);
          }}
        />
      </section>
    </>
  );
}
