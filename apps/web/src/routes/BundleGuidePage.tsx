import { Button, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { type BundleDetail, useBundle } from '../features/bundles/bundles.ts';
import { FaqSection, materialColumns } from '../features/catalogue/GuideParts.tsx';

type Item = BundleDetail['items'][number];
type Material = BundleDetail['materials'][number];

/** The guide of a life-event bundle: what it includes, which items are optional, one materials list. */
export default function BundleGuidePage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { text } = useLocal();
  const { data: g, error, loading } = useBundle(code);

  if (loading && !g) return <Loading />;
  if (error || !g)
    return (
      <>
        <PageTitle>{t('bundles.notFound')}</PageTitle>
        <ErrorAlert error={error} />
      </>
    );
  const materials = materialColumns<Material>(t, text);
  const itemName = (itemCode: string) => text(g.items.find((i) => i.code === itemCode)) || itemCode;

  return (
    <article data-testid="bundle-guide" data-code={g.code}>
      <PageTitle>{text(g)}</PageTitle>
      <Typography.Paragraph>{text(g, 'summary')}</Typography.Paragraph>
      <div className="tb-actions tb-block">
        <Button
          type="primary"
          size="large"
          data-testid="bundle-apply"
          onClick={() => navigate(`/bundles/${encodeURIComponent(g.code)}/apply`)}
        >
          {t('bundles.apply')}
        </Button>
        <Tag>{t(`audience.${g.audience}`)}</Tag>
        <Tag>{t('service.promisedDaysShort', { count: g.promisedDays })}</Tag>
      </div>

      <section className="tb-section" aria-labelledby="bundle-items-title">
        <Typography.Title level={2} id="bundle-items-title">
          {t('bundles.items')}
        </Typography.Title>
        <Typography.Paragraph className="tb-muted">{t('bundles.itemsHint')}</Typography.Paragraph>
        <div className="tb-table-scroll">
          <Table<Item>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={g.items}
            data-testid="bundle-items"
            columns={[
              {
                title: t('applications.service'),
                key: 'name',
                render: (_, i) => <Link to={`/services/${encodeURIComponent(i.code)}`}>{text(i)}</Link>,
              },
              { title: t('service.department'), key: 'dept', render: (_, i) => text(i, 'departmentName') },
              {
                title: t('bundles.requiredColumn'),
                key: 'required',
                render: (_, i) =>
                  i.required ? (
                    <Tag color="blue">{t('bundles.required')}</Tag>
                  ) : (
                    <Tag>{t('bundles.optional')}</Tag>
                  ),
              },
              {
                title: t('service.promisedDays'),
                key: 'days',
                render: (_, i) => t('service.workingDays', { count: i.promisedDays }),
              },
            ]}
          />
        </div>
      </section>

      <section className="tb-section" aria-labelledby="bundle-materials-title">
        <Typography.Title level={2} id="bundle-materials-title">
          {t('bundles.materials')}
        </Typography.Title>
        <Typography.Paragraph className="tb-muted">{t('bundles.materialsHint')}</Typography.Paragraph>
        <div className="tb-table-scroll">
          <Table<Material>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={g.materials}
            data-testid="bundle-materials"
            columns={[
              materials.name,
              {
                title: t('bundles.usedByColumn'),
                key: 'items',
                render: (_, m) =>
                  m.issuedBy ? (
                    <span className="tb-muted">{t('bundles.issuedBy', { item: itemName(m.issuedBy) })}</span>
                  ) : (
                    m.items.map(itemName).join('、')
                  ),
              },
              materials.critical,
              materials.required,
            ]}
          />
        </div>
        <Typography.Paragraph className="tb-muted">{t('materials.criticalHint')}</Typography.Paragraph>
      </section>

      {text(g, 'guide') && (
        <section className="tb-section" aria-labelledby="bundle-guide-title">
          <Typography.Title level={2} id="bundle-guide-title">
            {t('service.guide')}
          </Typography.Title>
          <Typography.Paragraph>{text(g, 'guide')}</Typography.Paragraph>
        </section>
      )}

      <FaqSection faq={g.faq} titleId="bundle-faq-title" />
    </article>
  );
}
