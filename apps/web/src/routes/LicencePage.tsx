import { DownloadOutlined } from '@ant-design/icons';
import type { LicenceDetail } from '@tongban/contracts';
import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/useApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { LicenceStatusTag } from '../features/licences/LicenceStatusTag.tsx';
import { ShowLicence } from '../features/licences/ShowLicence.tsx';

/** One licence of the holder: its fields, issuer and validity, downloads (VC, PDF) and 亮证. */
export default function LicencePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text, date, dateTime } = useLocal();
  const { data: l, error, loading } = useApi<LicenceDetail>(`/me/licences/${id}`);

  if (loading && !l) return <Loading />;
  if (error || !l)
    return (
      <>
        <PageTitle>{t('licences.detailTitle')}</PageTitle>
        <ErrorAlert error={error} />
        <Link to="/me/licences">{t('licences.backToWallet')}</Link>
      </>
    );

  const usable = l.status === 'valid';
  return (
    <article data-testid="licence-detail" data-status={l.status}>
      <PageTitle title={text(l, 'typeName')}>{text(l, 'typeName')}</PageTitle>
      <p>
        <Link to="/me/licences">{t('licences.backToWallet')}</Link>
      </p>
      {!usable && (
        <Alert
          type={l.status === 'expired' ? 'info' : 'error'}
          showIcon
          className="tb-block"
          title={t(`licences.notUsable.${l.status}`)}
          description={l.statusReason ? `${t('licences.reason')}: ${l.statusReason}` : undefined}
        />
      )}
      <Card className="tb-block">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'status',
              label: t('licences.statusLabel'),
              children: <LicenceStatusTag status={l.status} />,
            },
            {
              key: 'number',
              label: t('licences.number'),
              children: <span data-testid="licence-number">{l.number}</span>,
            },
            { key: 'issuer', label: t('licences.issuer'), children: text(l, 'issuerName') },
            { key: 'issued', label: t('licences.issuedAt'), children: dateTime(l.issuedAt) },
            {
              key: 'validity',
              label: t('licences.validity'),
              children: `${date(l.validFrom)} – ${l.validUntil ? date(l.validUntil) : t('licences.noExpiry')}`,
            },
            ...(l.caseId
              ? [
                  {
                    key: 'case',
                    label: t('licences.case'),
                    children: <Link to={`/applications/${l.caseId}`}>{t('applications.view')}</Link>,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <section className="tb-section" aria-labelledby="licence-fields-title">
        <Typography.Title level={2} id="licence-fields-title">
          {t('licences.fieldsTitle')}
        </Typography.Title>
        <Card>
          <dl className="tb-dl" data-testid="licence-fields">
            {l.fields.map((f) => (
              <Fragment key={f.name}>
                <dt>{text(f, 'label')}</dt>
                <dd>{f.value === null || f.value === '' ? '—' : String(f.value)}</dd>
              </Fragment>
            ))}
          </dl>
        </Card>
      </section>
      <div className="tb-actions">
        <Button
          icon={<DownloadOutlined aria-hidden="true" />}
          href={`/api/v1/me/licences/${l.id}/pdf`}
          download={`${l.number}.pdf`}
          data-testid="download-pdf"
        >
          {t('licences.downloadPdf')}
        </Button>
        <Button
          icon={<DownloadOutlined aria-hidden="true" />}
          href={`/api/v1/me/licences/${l.id}/vc`}
          download={`${l.number}.jwt`}
          data-testid="download-vc"
        >
          {t('licences.downloadVc')}
        </Button>
      </div>
      <p className="tb-small tb-muted tb-block">{t('licences.downloadHint')}</p>
      {usable && <ShowLicence licenceId={l.id} />}
    </article>
  );
}
