import { Button, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api, newIdempotencyKey } from '../api/client.ts';
import type { Application } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { ApplySteps } from '../features/apply/ApplySteps.tsx';
import { answersOf } from '../features/apply/answers.ts';
import {
  AnswerList,
  FieldErrorsAlert,
  MaterialAnswerList,
  retryable,
} from '../features/apply/CheckLists.tsx';
import { useApplicationWithForm } from '../features/apply/useApplication.ts';

export default function CheckAnswersPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text, en } = useLocal();
  const navigate = useNavigate();
  const notify = useNotify();
  const { app, form } = useApplicationWithForm(id);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const attemptKey = useRef<string | null>(null);

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

  const submit = async () => {
    // One key per submit attempt, reused if the user retries after a lost answer, so the case is filed once.
    attemptKey.current ??= newIdempotencyKey();
    setBusy(true);
    setError(undefined);
    try {
      const submitted = await api<Application>(`/applications/${a.id}/submit`, {
        method: 'POST',
        idempotencyKey: attemptKey.current,
      });
      attemptKey.current = null;
      notify.success(t('apply.submitted', { caseNumber: submitted.caseNumber ?? '' }));
      navigate(`/applications/${a.id}/submitted`, { replace: true });
    } catch (e) {
      if (!retryable(e)) attemptKey.current = null;
      if (e instanceof ApiError) {
        setError(e);
        notify.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };

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

      <section className="tb-section" aria-labelledby="mat-title">
        <Typography.Title level={2} id="mat-title">
          {t('answers.materialsSection')}
        </Typography.Title>
        <MaterialAnswerList
          checklist={a.checklist}
          materials={a.materials}
          materialsPath={`/applications/${a.id}/materials`}
        />
      </section>

      <section className="tb-section" aria-labelledby="declare-title">
        <Typography.Title level={2} id="declare-title">
          {t('answers.declarationTitle')}
        </Typography.Title>
        <Typography.Paragraph>{t('answers.declaration')}</Typography.Paragraph>
        <Button
          type="primary"
          size="large"
          loading={busy}
          onClick={() => void submit()}
          data-testid="submit-application"
        >
          {t('answers.submit')}
        </Button>
      </section>
    </>
  );
}
