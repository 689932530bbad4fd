import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { ApplySteps } from '../features/apply/ApplySteps.tsx';
import { answersOf } from '../features/apply/answers.ts';
import { AnswerList, FieldErrorsAlert } from '../features/apply/CheckLists.tsx';
import { segments } from '../features/apply/pointers.ts';
import { DeclarationSection, MaterialsSection, useSubmitOnce } from '../features/apply/SubmitAnswers.tsx';
import {
  BUNDLE_STEPS,
  type BundleCaseView,
  casePath,
  useBundleCaseWithForm,
} from '../features/bundles/bundles.ts';
import { bundleDraftGate } from '../features/bundles/DraftGate.tsx';

/** Step 4 of a bundle: every answer (shared ones once, then each item's), the materials, then one submission. */
export default function BundleCheckPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text, en } = useLocal();
  const navigate = useNavigate();
  const notify = useNotify();
  const { bundleCase, form } = useBundleCaseWithForm(id);
  const { submit: submitOnce, busy, error } = useSubmitOnce();
  const c = bundleCase.data;

  const title = t('apply.checkTitle');
  if ((bundleCase.loading && !c) || (c?.status === 'draft' && !form.data && !form.error)) return <Loading />;
  const gate = bundleDraftGate(title, c, bundleCase.error ?? form.error);
  if (gate || !c || !form.data) return gate;
  const answers = answersOf(form.data, c.formData ?? {}, en, t);
  const groups = Object.entries(
    (form.data.schema.properties ?? {}) as Record<string, { title?: string }>,
  ).map(([key, group]) => ({
    key,
    title: group.title ?? key,
    answers: answers.filter((a) => segments(a.pointer)[0] === key),
  }));
  const formPath = `${casePath(c.id)}/form`;

  const submit = () =>
    submitOnce<BundleCaseView>(`${casePath(c.id)}/submit`, (submitted) => {
      notify.success(t('bundles.submitted', { number: submitted.bundleNumber ?? '' }));
      navigate(casePath(c.id), { replace: true });
    });

  return (
    <>
      <PageTitle title={`${title} - ${text(c.bundle)}`}>
        {title}
        <span className="tb-h1-sub">{text(c.bundle)}</span>
      </PageTitle>
      <ApplySteps current={3} steps={BUNDLE_STEPS.map((k) => t(k))} />
      <ErrorAlert error={error} />
      <FieldErrorsAlert error={error} answers={answers} formPath={formPath} />

      <section className="tb-section" aria-labelledby="bundle-chosen-title">
        <Typography.Title level={2} id="bundle-chosen-title">
          {t('bundles.chosenItems')}
        </Typography.Title>
        <ul className="tb-tight-list" data-testid="bundle-chosen">
          {c.items.map((i) => (
            <li key={i.code}>{text(i)}</li>
          ))}
        </ul>
      </section>

      <section className="tb-section" aria-labelledby="answers-title">
        <Typography.Title level={2} id="answers-title">
          {t('answers.formSection')}
        </Typography.Title>
        {groups.map((g) => (
          <section key={g.key} aria-labelledby={`answers-${g.key}`}>
            <Typography.Title level={3} id={`answers-${g.key}`}>
              {g.title}
            </Typography.Title>
            <AnswerList answers={g.answers} formPath={formPath} />
          </section>
        ))}
      </section>

      <MaterialsSection
        checklist={c.checklist.filter((e) => !e.issuedBy)}
        materials={c.materials}
        materialsPath={`${casePath(c.id)}/materials`}
      />
      <DeclarationSection
        busy={busy}
        onSubmit={() => void submit()}
        label={t('bundles.submit', { count: c.items.length })}
        testId="submit-bundle"
      />
    </>
  );
}
