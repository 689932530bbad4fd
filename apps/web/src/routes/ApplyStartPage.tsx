import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { Application, Page, ServiceGuide } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';

// StrictMode runs effects twice in development; one creation per service at a time, never two drafts.
const inFlight = new Map<string, Promise<string>>();

async function draftFor(code: string): Promise<string> {
  const service = await api<ServiceGuide>(`/services/${encodeURIComponent(code)}`);
  // Resume an existing draft of the same service instead of starting another.
  const drafts = await api<Page<Application>>('/applications?status=draft&limit=50').catch(() => null);
  const existing = drafts?.items.find(
    (a) => a.service?.id === service.id || a.service?.code === service.code,
  );
  if (existing) return existing.id;
  const created = await api<Application>('/applications', {
    method: 'POST',
    body: { serviceId: service.id },
  });
  return created.id;
}

export default function ApplyStartPage() {
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
    p.then((id) => live && navigate(`/applications/${id}/form`, { replace: true })).catch(
      (e) => live && e instanceof ApiError && setError(e),
    );
    return () => {
      live = false;
    };
  }, [code, navigate]);

  return (
    <>
      <PageTitle>{t('apply.starting')}</PageTitle>
      {error ? <ErrorAlert error={error} /> : <Loading />}
    </>
  );
}
