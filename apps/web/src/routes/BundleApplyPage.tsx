import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { type BundleCaseSummary, type BundleCaseView, casePath } from '../features/bundles/bundles.ts';

// StrictMode runs effects twice in development; one creation per bundle at a time, never two drafts.
const inFlight = new Map<string, Promise<string>>();

async function draftFor(code: string): Promise<string> {
  // Resume a draft of the same bundle instead of starting another.
  const drafts = await api<Page<BundleCaseSummary>>('/bundle-cases?status=draft&limit=50').catch(() => null);
  const existing = drafts?.items.find((b) => b.bundle.code === code);
  if (existing) return existing.id;
  const created = await api<BundleCaseView>('/bundle-cases', { method: 'POST', body: { bundleCode: code } });
  return created.id;
}

/** Starts (or resumes) the applicant's bundle application and goes to choosing its items. */
export default function BundleApplyPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    let p = inFlight.get(code);
    if (!p) {
      p = draftFor(code).finally(() => setTimeout(() => inFlight.delete(code), 1000));
      inFlight.set(code, p);
    }
    let live = true;
    p.then((id) => live && navigate(`${casePath(id)}/items`, { replace: true })).catch(
      (e) => live && e instanceof ApiError && setError(e),
    );
    return () => {
      live = false;
    };
  }, [code, navigate]);

  return (
    <>
      <PageTitle>{t('bundles.starting')}</PageTitle>
      {error ? <ErrorAlert error={error} /> : <Loading />}
    </>
  );
}
