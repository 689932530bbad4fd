import { UploadOutlined } from '@ant-design/icons';
import type { VerificationResult } from '@tongban/contracts';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { type ApiError, api, newIdempotencyKey } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { signatureInPdf } from '../features/licences/pdfSignature.ts';
import { VerificationReport } from '../features/licences/VerificationReport.tsx';

type Kind = 'vp' | 'vc';

/**
 * vp+jwt or vc+jwt from a JWS header (a QR code's compact licence-qr+jwt is a presentation too); an
 * EnvelopedVerifiable… data URL is unwrapped first.
 */
function kindOf(input: string): { kind: Kind; jws: string } | null {
  const jws = input.trim().replace(/^data:application\/v[cp]\+jwt,/, '');
  try {
    const header = JSON.parse(atob(jws.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/')));
    if (header.typ === 'vp+jwt' || header.typ === 'licence-qr+jwt') return { kind: 'vp', jws };
    if (header.typ === 'vc+jwt') return { kind: 'vc', jws };
  } catch {
    // not a JWS
  }
  return null;
}

function verify(kind: Kind, jws: string, challenge?: string): Promise<VerificationResult> {
  return kind === 'vp'
    ? api<VerificationResult>('/presentations/verify', {
        method: 'POST',
        body: { verifiablePresentation: jws, ...(challenge ? { options: { challenge } } : {}) },
        idempotencyKey: newIdempotencyKey(),
      })
    : api<VerificationResult>('/credentials/verify', {
        method: 'POST',
        body: { verifiableCredential: jws },
        idempotencyKey: newIdempotencyKey(),
      });
}

/**
 * 验证证照 (public, no sign-in): verifies a shown QR code (`#q=` compact, or `#vp=`), a licence credential (`#vc=`, a
 * pasted vc+jwt) or a licence PDF (its embedded signature, read in the browser), and says plainly
 * what was checked.
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  const loc = useLocation();
  const [result, setResult] = useState<VerificationResult>();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const [pasted, setPasted] = useState('');
  const [challenge, setChallenge] = useState('');
  const started = useRef<string | null>(null);
  const licenceNumber = new URLSearchParams(loc.search).get('licence');

  const run = async (kind: Kind, jws: string, code?: string) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await verify(kind, jws, code));
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  // A scanned QR code opens this page with the presentation in the fragment (never sent to a server
  // log); it is verified once, as scanning it twice would be a replay.
  // biome-ignore lint/correctness/useExhaustiveDependencies: run only when the fragment changes
  useEffect(() => {
    const m = loc.hash.match(/^#(vp|vc|q)=(.+)$/);
    if (!m || started.current === m[2]) return;
    started.current = m[2]!;
    // #q= is the compact presentation a wallet's QR code holds: verified as a presentation.
    void run(m[1] === 'vc' ? 'vc' : 'vp', decodeURIComponent(m[2]!));
  }, [loc.hash]);

  const submitPasted = () => {
    const found = kindOf(pasted);
    if (!found) setError(new Error(t('licences.verify.notACredential')));
    else void run(found.kind, found.jws, challenge.trim() || undefined);
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    setResult(undefined);
    const isPdf = file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf');
    const found = isPdf ? await signatureInPdf(file) : kindOf(await file.text());
    if (found && 'typ' in found && found.typ === 'seal+jws') {
      setError(new Error(t('licences.verify.sealedDecision')));
      return;
    }
    const credential = found ? kindOf(found.jws) : null;
    if (!credential) {
      setError(
        new Error(isPdf ? t('licences.verify.noSignatureInPdf') : t('licences.verify.notACredential')),
      );
      return;
    }
    void run(credential.kind, credential.jws);
  };

  return (
    <>
      <PageTitle>{t('licences.verify.title')}</PageTitle>
      <p className="tb-muted">{t('licences.verify.intro')}</p>
      {licenceNumber && (
        <Alert
          type="info"
          showIcon
          className="tb-block"
          data-testid="verify-by-number"
          title={t('licences.verify.byNumber', { number: licenceNumber })}
          description={t('licences.verify.byNumberHint')}
        />
      )}
      {busy && <Loading />}
      <ErrorAlert error={error} />
      {result && <VerificationReport result={result} />}
      <Card
        className="tb-block"
        title={<h2 className="tb-card-title tb-inline-title">{t('licences.verify.pasteTitle')}</h2>}
      >
        <Form layout="vertical" onFinish={submitPasted}>
          <Form.Item label={t('licences.verify.pasteLabel')} htmlFor="verify-input">
            <Input.TextArea
              id="verify-input"
              rows={4}
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              spellCheck={false}
              data-testid="verify-input"
            />
          </Form.Item>
          <Form.Item
            label={t('licences.verify.challengeLabel')}
            htmlFor="verify-challenge"
            extra={t('licences.verify.challengeHint')}
          >
            <Input
              id="verify-challenge"
              value={challenge}
              onChange={(e) => setChallenge(e.target.value)}
              autoComplete="off"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            disabled={!pasted.trim() || busy}
            data-testid="verify-submit"
          >
            {t('licences.verify.button')}
          </Button>
        </Form>
      </Card>
      <Card
        className="tb-block"
        title={<h2 className="tb-card-title tb-inline-title">{t('licences.verify.fileTitle')}</h2>}
      >
        <p>{t('licences.verify.fileHint')}</p>
        <label className="ant-btn ant-btn-default tb-file-button">
          <UploadOutlined aria-hidden="true" /> {t('licences.verify.fileButton')}
          <input
            type="file"
            accept="application/pdf,.pdf,.jwt,.txt"
            className="tb-sr-only"
            data-testid="verify-file"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
        </label>
      </Card>
    </>
  );
}
