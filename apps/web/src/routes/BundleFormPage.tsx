import { Alert } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { ApplySteps } from '../features/apply/ApplySteps.tsx';
import { FormEditor } from '../features/apply/FormEditor.tsx';
import { isEmpty } from '../features/apply/useApplication.ts';
import {
  BUNDLE_STEPS,
  casePath,
  formQuery,
  saveDraft,
  useBundleCaseWithForm,
} from '../features/bundles/bundles.ts';
import { bundleDraftGate } from '../features/bundles/DraftGate.tsx';

/** Step 2 of a bundle: ONE form for the chosen items — shared details once, then each item's own. */
export default function BundleFormPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text } = useLocal();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { bundleCase, form } = useBundleCaseWithForm(id);
  const c = bundleCase.data;
  const save = useCallback(
    async (formData: Record<string, unknown>) => {
      await saveDraft(id, { formData });
    },
    [id],
  );

  const title = t('bundles.formTitle');
  if ((bundleCase.loading && !c) || (c?.status === 'draft' && !form.data && !form.error)) return <Loading />;
  const gate = bundleDraftGate(title, c, bundleCase.error ?? form.error);
  if (gate || !c || !form.data) return gate;
  const f = form.data;
  const initial = isEmpty(c.formData) ? { ...(f.prefill?.values ?? {}) } : c.formData;
  const back = params.get('return') === 'check';
  const code = c.bundle.code;

  return (
    <>
      <PageTitle title={`${title} - ${text(c.bundle)}`}>
        {title}
        <span className="tb-h1-sub">{text(c.bundle)}</span>
      </PageTitle>
      <ApplySteps current={1} steps={BUNDLE_STEPS.map((k) => t(k))} />
      <Alert
        type="info"
        showIcon
        className="tb-block"
        title={t('bundles.formHint', { items: c.items.map((i) => text(i)).join('、') })}
      />
      <FormEditor
        applicationId={c.id}
        serviceCode={code}
        form={f}
        validatePath={`/bundles/${encodeURIComponent(code)}/form/validate?${formQuery(c)}`}
        saveDraft={save}
        initialData={initial}
        autosave
        primaryLabel={back ? t('form.saveAndBack') : t('form.saveAndContinue')}
        primaryTestId="form-continue"
        onPrimary={async (data) => {
          await save(data);
          navigate(back ? `${casePath(c.id)}/check` : `${casePath(c.id)}/materials`);
        }}
      />
    </>
  );
}
