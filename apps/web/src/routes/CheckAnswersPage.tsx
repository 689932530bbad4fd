import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { Application } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { ApplySteps } from '../features/apply/ApplySteps.tsx';
import { answersOf } from '../features/apply/answers.ts';
import { AnswerList, FieldErrorsAlert } from '../features/apply/CheckLists.tsx';
import { DeclarationSection, MaterialsSection, useSubmitOnce } from '../features/apply/SubmitAnswers.tsx';
import { useApplicationWithForm } from '../features/apply/useApplication.ts';

export default function CheckAnswersPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text, en } = useLocal();
  const navigate = useNavigate();
  const notify = useNotify();
  const { app, form } = useApplicationWithForm(id);
  const { submit: submitOnce, busy, error } = useSubmitOnce();

  if ((app.loading && !app.data) || (form.loading && !form.data) || (!form.data && !form.error && !app.error))
    return <Loading />;
  if (app.error || form.error || !app.data || !form.data)
    return (
      <>
        <PageTitle>{t('apply.checkTitle')}</PageTitle>
        <ErrorAlert error={app.error ?? form.error} />
      </>
    );
  const a = app.data;
  const answers = answersOf(form.data, a.formData ?? {}, en, t);

  const submit = () =>
    submitOnce<Application>(`/applications/${a.id}/submit`, (submitted) => {
      notify.success(t('apply.submitted', { caseNumber: submitted.caseNumber ?? '' }));
      navigate(`/applications/${a.id}/submitted`, { replace: true });
    });

  return (
    <>
      <PageTitle title={`${t('apply.checkTitle')} - ${text(a.service)}`}>
        {t('apply.checkTitle')}
        <span className="tb-h1-sub">{text(a.service)}</span>
      </PageTitle>
      <ApplySteps current={2} />
      <ErrorAlert error={error} />
      <FieldErrorsAlert error={error} answers={answers} formPath={`/applications/${a.id}/form`} />

      <section className="tb-section" aria-labelledby="answers-title">
        <Typography.Title level={2} id="answers-title">
          {t('answers.formSection')}
        </Typography.Title>
        <AnswerList answers={answers} formPath={`/applications/${a.id}/form`} />
      </section>

      <MaterialsSection
        checklist={a.checklist}
        materials={a.materials}
        materialsPath={`/applications/${a.id}/materials`}
      />
      <DeclarationSection
        busy={busy}
        onSubmit={() => void submit()}
        label={t('answers.submit')}
        testId="submit-application"
      />
    </>
  );
}
