import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import type { VerificationResult } from '@tongban/contracts';
import { Alert, Card, Descriptions, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocal } from '../../components/useLocal.ts';
import { LicenceStatusTag } from './LicenceStatusTag.tsx';

/**
 * What a verification found, in plain words: the verdict, every check that ran (issuer key,
 * signature, validity, revocation status, freshness of a shown code), and the licence's public
 * fields as the API masked them.
 */
export function VerificationReport({ result }: { result: VerificationResult }) {
  const { t } = useTranslation();
  const { en, text, date } = useLocal();
  const c = result.credential;
  const message = (p: { messageZh: string; messageEn: string }) => (en ? p.messageEn : p.messageZh);
  return (
    <section
      aria-labelledby="verify-result-title"
      data-testid="verify-result"
      data-verified={result.verified}
    >
      <Result
        status={result.verified ? 'success' : 'error'}
        title={
          <span id="verify-result-title" role="status">
            {result.verified ? t('licences.verify.verified') : t('licences.verify.notVerified')}
          </span>
        }
        subTitle={
          result.verified
            ? t('licences.verify.verifiedHint')
            : result.errors.map(message).join(' ') || t('licences.verify.notVerifiedHint')
        }
      />
      {result.warnings.map((w) => (
        <Alert key={w.code} type="warning" showIcon className="tb-block" title={message(w)} />
      ))}
      <Card
        className="tb-block"
        title={<h2 className="tb-card-title tb-inline-title">{t('licences.verify.checksTitle')}</h2>}
      >
        <ul className="tb-checks" data-testid="verify-checks">
          {result.checks.map((check) => (
            <li
              key={`${check.check}:${check.detail ?? ''}:${check.passed}`}
              data-check={check.check}
              data-passed={check.passed}
            >
              {check.passed ? (
                <CheckCircleFilled className="tb-check-ok" aria-hidden="true" />
              ) : (
                <CloseCircleFilled className="tb-check-fail" aria-hidden="true" />
              )}{' '}
              <strong>{t(`licences.verify.check.${check.check}`)}</strong>
              {': '}
              {check.passed ? t('licences.verify.passed') : t('licences.verify.failed')}
              <div className="tb-small tb-muted">{t(`licences.verify.explain.${check.check}`)}</div>
              {check.detail && (
                <div className="tb-small tb-muted tb-break">
                  {t(`licences.verify.detail.${check.detail}`, { defaultValue: check.detail })}
                </div>
              )}
            </li>
          ))}
          {result.checks.length === 0 && (
            <li>
              <ExclamationCircleFilled aria-hidden="true" /> {t('licences.verify.noChecks')}
            </li>
          )}
        </ul>
      </Card>
      {c && (
        <Card
          className="tb-block"
          title={<h2 className="tb-card-title tb-inline-title">{t('licences.verify.licenceTitle')}</h2>}
        >
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'type', label: t('licences.type'), children: text(c, 'typeName') || c.types.join(', ') },
              { key: 'number', label: t('licences.number'), children: c.number ?? '—' },
              { key: 'holder', label: t('licences.holder'), children: c.holder },
              { key: 'issuer', label: t('licences.issuer'), children: text(c, 'issuerName') || c.issuer },
              {
                key: 'validity',
                label: t('licences.validity'),
                children: `${date(c.validFrom)} – ${c.validUntil ? date(c.validUntil) : t('licences.noExpiry')}`,
              },
              ...(c.status
                ? [
                    {
                      key: 'status',
                      label: t('licences.statusLabel'),
                      children: <LicenceStatusTag status={c.status} />,
                    },
                  ]
                : []),
              ...c.fields.map((f) => ({
                key: `f-${f.name}`,
                label: text(f, 'label'),
                children: f.value === null ? '—' : String(f.value),
              })),
            ]}
          />
          <p className="tb-small tb-muted">{t('licences.verify.maskedHint')}</p>
        </Card>
      )}
    </section>
  );
}
