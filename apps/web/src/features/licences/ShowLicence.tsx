import type { PresentationResult } from '@tongban/contracts';
import { Alert, Button, Card, Form, Input, QRCode } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api, newIdempotencyKey } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/**
 * 亮证: the holder shows the licence as a QR code holding a presentation that is valid for two
 * minutes and bound to a nonce (a screenshot is refused later). The code holds the compact form
 * (`qrUrl`, #q=, under a kilobyte: number, issuer, masked name, public fields, digest); the full
 * vp+jwt link is only a fallback to copy should the compact one ever not fit. A verifier may give a code of theirs,
 * which becomes the presentation's challenge. The countdown says when to make a new one.
 */
const QR_MAX_BYTES = 2953;

export function ShowLicence({ licenceId }: { licenceId: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<PresentationResult>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState('');
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!shown) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [shown]);

  const show = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api<PresentationResult>(`/me/licences/${licenceId}/presentations`, {
        method: 'POST',
        body: code.trim() ? { challenge: code.trim() } : {},
        idempotencyKey: newIdempotencyKey(),
      });
      setShown(result);
      setNow(Date.now());
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  // A QR code holds at most 2,953 bytes (version 40, low error correction); a longer link is shared as text.
  const urlBytes = shown ? new TextEncoder().encode(shown.qrUrl).length : 0;
  const fits = urlBytes <= QR_MAX_BYTES;
  const left = shown ? Math.max(0, Math.round((Date.parse(shown.expiresAt) - now) / 1000)) : 0;
  const expired = !!shown && left === 0;
  const mmss = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;

  return (
    <Card
      className="tb-block"
      title={<h2 className="tb-card-title tb-inline-title">{t('licences.show.title')}</h2>}
    >
      <p>{t('licences.show.hint')}</p>
      <Form layout="vertical" onFinish={() => void show()}>
        <Form.Item
          label={t('licences.show.verifierCode')}
          htmlFor="verifier-code"
          extra={t('licences.show.verifierCodeHint')}
        >
          <Input
            id="verifier-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            maxLength={200}
            autoComplete="off"
            data-testid="verifier-code"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="show-licence">
          {shown ? t('licences.show.refresh') : t('licences.show.button')}
        </Button>
      </Form>
      <ErrorAlert error={error} />
      {shown && (
        <div
          className="tb-show-qr"
          data-testid="presentation"
          data-expired={expired}
          data-verify-url={shown.verifyUrl}
          data-qr-url={shown.qrUrl}
          data-url-bytes={urlBytes}
        >
          {fits ? (
            <QRCode
              value={shown.qrUrl}
              size={Math.min(300, Math.max(200, window.innerWidth - 110))}
              errorLevel="L"
              status={expired ? 'expired' : 'active'}
              onRefresh={() => void show()}
              statusRender={expired ? () => <span>{t('licences.show.expired')}</span> : undefined}
              bgColor="#fff"
              aria-label={t('licences.show.qrLabel')}
              role="img"
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              data-testid="presentation-too-long"
              title={t('licences.show.tooLong', { bytes: urlBytes, max: QR_MAX_BYTES })}
              description={
                <Button onClick={() => void navigator.clipboard?.writeText(shown.qrUrl)}>
                  {t('licences.show.copyLink')}
                </Button>
              }
            />
          )}
          {expired ? (
            <p role="status" data-testid="countdown">
              {t('licences.show.expired')}
            </p>
          ) : (
            // A timer is not read out every second; the expiry above is.
            <p role="timer" data-testid="countdown">
              {t('licences.show.validFor', { time: mmss })}
            </p>
          )}
          <p className="tb-small tb-muted tb-break">{t('licences.show.nonce', { nonce: shown.nonce })}</p>
        </div>
      )}
    </Card>
  );
}
