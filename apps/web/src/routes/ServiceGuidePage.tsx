import { Button, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { Material, ServiceGuide } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { FaqSection, materialColumns } from '../features/catalogue/GuideParts.tsx';

export default function ServiceGuidePage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { text, money, en } = useLocal();
  const { data: g, error, loading } = useApi<ServiceGuide>(`/services/${encodeURIComponent(code)}`);

  if (loading && !g) return <Loading />;
  if (error || !g)
    return (
      <>
        <PageTitle>{t('service.notFound')}</PageTitle>
        <ErrorAlert error={error} />
      </>
    );

  const r = g as Record<string, unknown>;
  const legalBasis = Array.isArray(r.legalBasis)
    ? (r.legalBasis as { zh: string; en: string }[]).map((b) => (en ? b.en : b.zh))
    : [text(r, 'legalBasis')].filter(Boolean);
  const guide = text(r, 'guideText') || text(r, 'guide');
  const faq = (g.faq ?? []) as Record<string, unknown>[];
  const steps = (g.steps ?? (r.workflowSteps as Record<string, unknown>[] | undefined) ?? []) as Record<
    string,
    unknown
  >[];
  const fee = money(g.feeFen);
  const materials = materialColumns<Material>(t, text);

  return (
    <article data-testid="service-guide" data-code={g.code}>
      <PageTitle>{text(g)}</PageTitle>
      <div className="tb-actions tb-block">
        <Button
          type="primary"
          size="large"
          data-testid="apply-online"
          onClick={() => navigate(`/services/${encodeURIComponent(g.code)}/apply`)}
        >
          {t('service.applyOnline')}
        </Button>
      </div>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        className="tb-block"
        items={[
          { key: 'code', label: t('service.code'), children: g.code },
          { key: 'dept', label: t('service.department'), children: text(g, 'departmentName') },
          { key: 'aud', label: t('service.audience'), children: t(`audience.${g.audience}`) },
          { key: 'fee', label: t('service.fee'), children: fee ?? t('service.free') },
          ...(g.onlineLevel
            ? [
                {
                  key: 'online',
                  label: t('service.onlineLevel'),
                  children: t(`onlineLevel.${g.onlineLevel}`),
                },
              ]
            : []),
          {
            key: 'promised',
            label: t('service.promisedDays'),
            children: t('service.workingDays', { count: g.promisedDays }),
          },
          ...(g.statutoryDays
            ? [
                {
                  key: 'statutory',
                  label: t('service.statutoryDays'),
                  children: t('service.workingDays', { count: g.statutoryDays }),
                },
              ]
            : []),
          ...(legalBasis
            ? [
                {
                  key: 'legal',
                  label: t('service.legalBasis'),
                  span: 'filled' as const,
                  children: (
                    <ul className="tb-tight-list">
                      {legalBasis.map((b) => (
                        <li key={b}>{b}</li>
                      ))}
                    </ul>
                  ),
                },
              ]
            : []),
        ]}
      />

      <section className="tb-section" aria-labelledby="materials-title">
        <Typography.Title level={2} id="materials-title">
          {t('service.materials')}
        </Typography.Title>
        <div className="tb-table-scroll">
          <Table<Material>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={g.materials}
            data-testid="materials-table"
            columns={[
              materials.name,
              materials.critical,
              materials.required,
              ...(g.deferral
                ? [
                    {
                      title: t('deferral.deferrableColumn'),
                      key: 'deferrable',
                      render: (_: unknown, m: Material) =>
                        m.deferrable ? (
                          <Tag color="blue" data-testid={`deferrable-${m.code}`}>
                            {t('deferral.deferrable')}
                          </Tag>
                        ) : (
                          '—'
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </div>
        <Typography.Paragraph className="tb-muted">{t('materials.criticalHint')}</Typography.Paragraph>
        {g.deferral && (
          <Typography.Paragraph data-testid="deferral-policy">
            {t('deferral.guidePolicy', {
              days: g.deferral.days,
              action: t(`deferral.action.${g.deferral.onExpired}`),
            })}
          </Typography.Paragraph>
        )}
      </section>

      {steps.length > 0 && (
        <section className="tb-section" aria-labelledby="steps-title">
          <Typography.Title level={2} id="steps-title">
            {t('service.steps')}
          </Typography.Title>
          <ol data-testid="service-steps">
            {steps.map((s, i) => (
              <li key={String(s.key ?? i)}>
                {text(s) || text(s, 'stepName')}
                {text(s, 'departmentName') && (
                  <span className="tb-muted"> — {text(s, 'departmentName')}</span>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}

      {guide && (
        <section className="tb-section" aria-labelledby="guide-title">
          <Typography.Title level={2} id="guide-title">
            {t('service.guide')}
          </Typography.Title>
          {guide.split(/\n+/).map((para, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static paragraphs of one text, never reordered
            <Typography.Paragraph key={i}>{para}</Typography.Paragraph>
          ))}
        </section>
      )}

      <FaqSection faq={faq} titleId="faq-title" />
    </article>
  );
}
