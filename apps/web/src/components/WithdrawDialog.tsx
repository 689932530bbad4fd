import { Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { useNotify } from './LiveRegion.tsx';

type Props = {
  open: boolean;
  onClose: () => void;
  /** The case's withdraw endpoint (POST with `{ reason }`). */
  path: string;
  title: string;
  reasonLabel: string;
  /** Shown above the reason when withdrawing has consequences worth spelling out. */
  hint?: string;
  successMessage: string;
  inputId: string;
  confirmTestId: string;
  onDone: () => void;
  /** The page shows the failure with its other errors, so it is handed back rather than shown here. */
  onError: (error: ApiError | undefined) => void;
};

/** Asks for a reason and withdraws a case; the reason is required so the department knows why. */
export function WithdrawDialog({
  open,
  onClose,
  path,
  title,
  reasonLabel,
  hint,
  successMessage,
  inputId,
  confirmTestId,
  onDone,
  onError,
}: Props) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const withdraw = async () => {
    setBusy(true);
    onError(undefined);
    try {
      await api(path, { method: 'POST', body: { reason: reason.trim() } });
      onClose();
      notify.success(successMessage);
      onDone();
    } catch (e) {
      if (e instanceof ApiError) onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => void withdraw()}
      okText={t('applications.withdrawConfirm')}
      cancelText={t('common.cancel')}
      okButtonProps={
        {
          danger: true,
          loading: busy,
          disabled: !reason.trim(),
          'data-testid': confirmTestId,
        } as never
      }
    >
      {hint && <Typography.Paragraph>{hint}</Typography.Paragraph>}
      <label htmlFor={inputId}>{reasonLabel}</label>
      <Input.TextArea
        id={inputId}
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
      />
    </Modal>
  );
}
