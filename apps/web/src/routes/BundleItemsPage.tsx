import { Alert, Button, Checkbox, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { ApplySteps } from '../features/apply/ApplySteps.tsx';
import { BUNDLE_STEPS, casePath, saveDraft, useBundle, useBundleCase } from '../features/bundles/bundles.ts';
import { bundleDraftGate } from '../features/bundles/DraftGate.tsx';

/** Step 1 of a bundle: the items to apply for — required ones always, optional ones as the applicant likes. */
export default function BundleItemsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text } = useLocal();
  const navigate = useNavigate();
  const bundleCase = useBundleCase(id);
  const c = bundleCase.data;
  const bundle = useBundle(c?.bundle.code ?? null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    if (c) setChosen(new Set(c.items.map((i) => i.code)));
  }, [c]);

  const title = t('bundles.chooseTitle');
  if ((bundleCase.loading && !c) || (c && !bundle.data && !bundle.error)) return <Loading />;
  const gate = bundleDraftGate(title, c, bundleCase.error ?? bundle.error);
  if (gate || !c || !bundle.data) return gate;
  const items = bundle.data.items;

  const next = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await saveDraft(c.id, { items: items.filter((i) => chosen.has(i.code)).map((i) => i.code) });
      navigate(`${casePath(c.id)}/form`);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title={`${title} - ${text(c.bundle)}`}>
        {title}
        <span className="tb-h1-sub">{text(c.bundle)}</span>
      </PageTitle>
      <ApplySteps current={0} steps={BUNDLE_STEPS.map((k) => t(k))} />
      <ErrorAlert error={error} />
      <Alert type="info" showIcon className="tb-block" title={t('bundles.itemsHint')} />
      <fieldset className="tb-block" data-testid="bundle-choose">
        <legend>{t('bundles.items')}</legend>
        <ul className="tb-plain-list">
          {items.map((i) => (
            <li key={i.code} className="tb-block">
              <Checkbox
                checked={i.required || chosen.has(i.code)}
                disabled={i.required || busy}
                data-testid={`choose-${i.code}`}
                onChange={(e) =>
                  setChosen((prev) => {
                    const nextSet = new Set(prev);
                    if (e.target.checked) nextSet.add(i.code);
                    else nextSet.delete(i.code);
                    return nextSet;
                  })
                }
              >
                {text(i)} <span className="tb-muted">— {text(i, 'departmentName')}</span>{' '}
                {i.required ? (
                  <Tag color="blue">{t('bundles.required')}</Tag>
                ) : (
                  <Tag>{t('bundles.optional')}</Tag>
                )}
              </Checkbox>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="tb-actions">
        <Button type="primary" loading={busy} onClick={() => void next()} data-testid="bundle-items-continue">
          {t('common.continue')}
        </Button>
      </div>
    </>
  );
}
