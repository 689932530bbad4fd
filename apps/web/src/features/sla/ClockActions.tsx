import { Button, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../../api/client.ts';
import { useNotify } from '../../components/LiveRegion.tsx';
import {
  type CaseClock,
  pauseClock,
  requestExtension,
  resumeClock,
  STATUTORY_KINDS,
  type StatutoryPauseKind,
} from './api.ts';

type Dialog = 'pause' | 'extension' | null;

interface Props {
  taskId: string;
  clock: CaseClock;
  /** The officer holds the step (claimed it): only then may they stop the clock or ask for time. */
  holding: boolean;
  onChanged: () => void;
}

/**
 * The officer's clock actions on a case: stop it for a statutory period (public notice, expert
 * review, hearing, on-site inspection), restart it, or ask the department head for more time.
 */
export function ClockActions({ taskId, clock, holding, onChanged }: Props) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [kind, setKind] = useState<StatutoryPauseKind>('public_notice');
  const [reason, setReason] = useState('');
  const [days, setDays] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const key = useRef(newIdempotencyKey());
  const statutoryPause = clock.pause && clock.pause.kind !== 'supplement';
  const left = clock.extension.allowanceDays - clock.extension.usedDays;

  const open = (d: Dialog) => {
    key.current = newIdempotencyKey();
    setReason('');
    setDays(d === 'pause' ? null : 1);
    setError(undefined);
    setDialog(d);
  };

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      notify.success(done);
      setDialog(null);
      onChanged();
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.fieldErrors[0]?.message ?? e.message);
        notify.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };

  const confirm = () => {
    if (!reason.trim()) {
      setError(t('sla.reasonRequired'));
      return;
    }
    if (dialog === 'pause') {
      void run(
        () =>
          pauseClock(
            taskId,
            { kind, reason: reason.trim(), ...(days ? { plannedDays: days } : {}) },
            key.current,
          ),
        t('sla.pausedDone'),
      );
    } else if (dialog === 'extension') {
      void run(
        () => requestExtension(taskId, { days: days ?? 1, reason: reason.trim() }, key.current),
        t('sla.requestedDone'),
      );
    }
  };

  if (statutoryPause) {
    return (
      <Button
        onClick={() => void run(() => resumeClock(taskId), t('sla.resumedDone'))}
        loading={busy}
        data-testid="clock-resume"
      >
        {t('sla.resume')}
      </Button>
    );
  }
  if (!holding || clock.pause) return null;
  return (
    <>
      <Space wrap>
        <Button onClick={() => open('pause')} data-testid="clock-pause">
          {t('sla.pause')}
        </Button>
        <Button
          onClick={() => open('extension')}
          disabled={!!clock.extension.pending || left <= 0}
          data-testid="clock-extension-request"
        >
          {t('sla.requestExtension')}
        </Button>
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog === 'pause' ? t('sla.pauseTitle') : t('sla.extensionTitle', { left })}
        onCancel={() => setDialog(null)}
        onOk={confirm}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, 'data-testid': 'clock-confirm' } as never}
        destroyOnHidden
      >
        {dialog === 'pause' && (
          <>
            <label htmlFor="clock-kind" className="tb-label">
              {t('sla.kindLabel')}
            </label>
            <Select
              id="clock-kind"
              value={kind}
              onChange={setKind}
              style={{ width: '100%' }}
              options={STATUTORY_KINDS.map((k) => ({ value: k, label: t(`sla.kind.${k}`) }))}
              data-testid="clock-kind"
            />
          </>
        )}
        <label htmlFor="clock-days" className="tb-label">
          {dialog === 'pause' ? t('sla.plannedDaysLabel') : t('sla.daysLabel')}
        </label>
        <InputNumber
          id="clock-days"
          min={1}
          max={dialog === 'pause' ? 365 : Math.max(1, left)}
          value={days}
          onChange={(v) => setDays(v)}
          style={{ width: '100%' }}
          data-testid="clock-days"
        />
        <label htmlFor="clock-reason" className="tb-label">
          {dialog === 'pause' ? t('sla.reasonOfficersLabel') : t('sla.reasonApplicantLabel')}
        </label>
        <Input.TextArea
          id="clock-reason"
          rows={3}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-required
          aria-invalid={!!error}
          aria-describedby={error ? 'clock-error' : undefined}
          data-testid="clock-reason"
        />
        {error && (
          <div id="clock-error" role="alert" className="tb-error-text">
            {error}
          </div>
        )}
      </Modal>
    </>
  );
}
