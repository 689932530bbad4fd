import type { DeferralView } from '@tongban/contracts';
import { Checkbox, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, newIdempotencyKey } from '../../api/client.ts';
import { useNotify } from '../../components/LiveRegion.tsx';

/**
 * The commitment (承诺书) in the reader's language; signing sends the SHA-256 the server gave for
 * exactly this text, so what is recorded is what was read.
 */
export function CommitmentDialog({
  open,
  applicationId,
  deferral,
  onClose,
  onSigned,
}: {
  open: boolean;
  applicationId: string;
  deferral: DeferralView;
  onClose: () => void;
  onSigned: () => void;
}) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const text = deferral.commitment.texts.find((x) => x.locale === locale) ?? deferral.commitment.texts[0];
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const key = useRef(newIdempotencyKey());

  const sign = async () => {
    if (!text) return;
    setBusy(true);
    setError(undefined);
    try {
      await api(`/applications/${encodeURIComponent(applicationId)}/commitment`, {
        method: 'POST',
        body: { locale: text.locale, textSha256: text.sha256 },
        idempotencyKey: key.current,
      });
      notify.success(t('deferral.signed'));
      onSigned();
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.message);
        notify.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('deferral.commitmentTitle')}
      onCancel={onClose}
      onOk={() => void sign()}
      okText={t('deferral.sign')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !agreed, loading: busy, 'data-testid': 'commitment-sign' } as never}
      destroyOnHidden
    >
      <Typography.Paragraph className="tb-commitment" data-testid="commitment-text">
        {text?.text}
      </Typography.Paragraph>
      <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="commitment-agree">
        {t('deferral.agree')}
      </Checkbox>
      {error && (
        <div role="alert" className="tb-error-text">
          {error}
        </div>
      )}
    </Modal>
  );
}
