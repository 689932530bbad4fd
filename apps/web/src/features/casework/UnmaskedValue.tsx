import type { UnmaskAnswer } from '@tongban/contracts';
import { Button, Input, Modal } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { useNotify } from '../../components/LiveRegion.tsx';

/**
 * "显示完整 / Show" next to a masked answer: asks why the officer needs it, then shows the value in
 * full in place. The request (field and reason) is kept in the audit log.
 */
export function UnmaskedValue({
  caseId,
  pointer,
  label,
  masked,
}: {
  caseId: string;
  pointer: string;
  label: string;
  masked: React.ReactNode;
}) {
  const { t } = useTranslation();
  const notify = useNotify();
  const reasonId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [value, setValue] = useState<UnmaskAnswer['value']>();
  const shown = value !== undefined;

  const confirm = async () => {
    if (reason.trim().length < 2) {
      setError(t('unmask.reasonNeeded'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<UnmaskAnswer>(`/cases/${encodeURIComponent(caseId)}/unmask`, {
        method: 'POST',
        body: { pointer, reason: reason.trim() },
      });
      setValue(answer.value);
      setOpen(false);
      notify.success(t('unmask.shown', { label }));
    } catch (e) {
      if (e instanceof ApiError) setError(e.fieldErrors[0]?.message ?? e.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <span data-testid="unmask-value" data-pointer={pointer}>
        {shown ? String(value ?? '') : masked}
      </span>{' '}
      {!shown && (
        <Button
          size="small"
          type="link"
          onClick={() => setOpen(true)}
          aria-label={t('unmask.showLabel', { label })}
          data-testid="unmask-button"
        >
          {t('unmask.show')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('unmask.title', { label })}
        onCancel={() => setOpen(false)}
        onOk={() => void confirm()}
        okText={t('unmask.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, 'data-testid': 'unmask-confirm' } as never}
        destroyOnHidden
      >
        <p className="tb-muted">{t('unmask.audited')}</p>
        <label htmlFor={reasonId}>{t('unmask.reason')}</label>
        <Input.TextArea
          id={reasonId}
          value={reason}
          maxLength={500}
          rows={3}
          onChange={(e) => setReason(e.target.value)}
          status={error ? 'error' : undefined}
          aria-describedby={error ? `${reasonId}-error` : undefined}
          data-testid="unmask-reason"
        />
        {error && (
          <p id={`${reasonId}-error`} className="tb-error-text" role="alert">
            {error}
          </p>
        )}
      </Modal>
    </>
  );
}
