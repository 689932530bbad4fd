import { scopeCovers } from '@tongban/contracts';
import { Alert, Button, Card, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { Application, AuthorizationView, Page, ServiceGuide } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';

// StrictMode runs effects twice in development; one creation per service at a time, never two drafts.
const inFlight = new Map<string, Promise<string>>();

const sameService = (a: Application, service: ServiceGuide) =>
  a.service?.id === service.id || a.service?.code === service.code;

async function draftFor(service: ServiceGuide, authorizationId?: string): Promise<string> {
  // Resume an existing draft of the same service (for the same person) instead of starting another.
  const drafts = await api<Page<Application>>(
    `/applications${authorizationId ? '/filed' : ''}?status=draft&limit=50`,
  ).catch(() => null);
  const existing = drafts?.items.find(
    (a) => sameService(a, service) && (!authorizationId || a.filedBy?.authorizationId === authorizationId),
  );
  if (existing) return existing.id;
  const created = await api<Application>('/applications', {
    method: 'POST',
    body: { serviceId: service.id, ...(authorizationId ? { onBehalfOf: { authorizationId } } : {}) },
  });
  return created.id;
}

/** The people who authorized me (family proxy) for this service, in force now. */
async function representedFor(service: ServiceGuide): Promise<AuthorizationView[]> {
  const page = await api<Page<AuthorizationView>>('/me/authorizations?direction=received&limit=100').catch(
    () => null,
  );
  return (page?.items ?? []).filter((a) => a.status === 'active' && scopeCovers(a.scope, service.code));
}

export default function ApplyStartPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const { text } = useLocal();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError>();
  const [service, setService] = useState<ServiceGuide>();
  const [choices, setChoices] = useState<AuthorizationView[] | null>(null);
  const [choice, setChoice] = useState<string>('self');
  const [busy, setBusy] = useState(false);

  const start = (s: ServiceGuide, authorizationId?: string) => {
    const key = `${code}:${authorizationId ?? 'self'}`;
    let p = inFlight.get(key);
    if (!p) {
      p = draftFor(s, authorizationId).finally(() => setTimeout(() => inFlight.delete(key), 1000));
      inFlight.set(key, p);
    }
    return p;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: start only reads the code
  useEffect(() => {
    let live = true;
    (async () => {
      const s = await api<ServiceGuide>(`/services/${encodeURIComponent(code)}`);
      if (!live) return;
      setService(s);
      // A citizen who files for family members chooses first; everyone else goes straight on.
      const represented = me?.account.kind === 'citizen' ? await representedFor(s) : [];
      if (!live) return;
      if (represented.length) {
        setChoices(represented);
        return;
      }
      const id = await start(s);
      if (live) navigate(`/applications/${id}/form`, { replace: true });
    })().catch((e) => live && e instanceof ApiError && setError(e));
    return () => {
      live = false;
    };
  }, [code, navigate, me?.account.kind]);

  const go = async () => {
    if (!service) return;
    setBusy(true);
    setError(undefined);
    try {
      const id = await start(service, choice === 'self' ? undefined : choice);
      navigate(`/applications/${id}/form`, { replace: true });
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!choices || !service)
    return (
      <>
        <PageTitle>{t('apply.starting')}</PageTitle>
        {error ? <ErrorAlert error={error} /> : <Loading />}
      </>
    );

  return (
    <div className="tb-narrow">
      <PageTitle title={`${t('proxy.start.title')} - ${text(service)}`}>
        {t('proxy.start.title')}
        <span className="tb-h1-sub">{text(service)}</span>
      </PageTitle>
      <ErrorAlert error={error} />
      <Card>
        <Radio.Group
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          aria-label={t('proxy.start.title')}
          vertical
          data-testid="apply-for"
          options={[
            { value: 'self', label: t('proxy.start.self') },
            ...choices.map((a) => ({
              value: a.id,
              label: t('proxy.start.forOther', {
                name: a.grantor.name,
                relation: a.relation ? t(`proxy.relation.${a.relation}`) : '',
              }),
            })),
          ]}
        />
        {choice !== 'self' && (
          <Alert type="info" showIcon className="tb-block" title={t('proxy.start.hint')} />
        )}
        <div className="tb-actions">
          <Button type="primary" loading={busy} onClick={() => void go()} data-testid="apply-for-continue">
            {t('proxy.start.continue')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
