import type { CaseView, ServiceDetail } from '@tongban/contracts';
import { Button, Checkbox, Input, Modal, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, newIdempotencyKey } from '../../api/client.ts';
import { useApi } from '../../api/useApi.ts';
import { useNotify } from '../../components/LiveRegion.tsx';
import { useLocal } from '../../components/useLocal.ts';

/**
 * 容缺受理 at the acceptance step: the window officer picks which missing non-critical materials the
 * applicant will supply later (critical ones cannot be picked) and accepts. Shown only when the
 * service offers deferral and something required is missing.
 */
export function AcceptWithDeferral({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { t } = useTranslation();
  const { text } = useLocal();
  const notify = useNotify();
  const guide = useApi<ServiceDetail>(`/services/${encodeURIComponent(c.service.code)}`);
  const missing = c.checklist.filter((m) => m.required && !m.provided);
  const deferrable = missing.filter((m) => !m.critical).map((m) => m.code);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>(deferrable);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const key = useRef(newIdempotencyKey());
  const policy = guide.data?.deferral;
  if (!policy || deferrable.length === 0) return null;

  const confirm = async () => {
    if (!chosen.length) {
      setError(t('deferral.chooseOne'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api(`/cases/${encodeURIComponent(c.id)}/accept-with-deferral`, {
        method: 'POST',
        body: { materials: chosen, ...(note.trim() ? { note: note.trim() } : {}) },
        idempotencyKey: key.current,
      });
      notify.success(t('deferral.accepted', { caseNumber: c.caseNumber ?? '' }));
      setOpen(false);
      onDone();
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
    <>
      <Button
        onClick={() => {
          key.current = newIdempotencyKey();
          setChosen(deferrable);
          setError(undefined);
          setOpen(true);
        }}
        data-testid="action-accept-deferral"
      >
        {t('deferral.acceptWithMissing')}
      </Button>
      <Modal
        open={open}
        title={t('deferral.acceptTitle', { caseNumber: c.caseNumber ?? '' })}
        onCancel={() => setOpen(false)}
        onOk={() => void confirm()}
        okText={t('deferral.acceptConfirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, 'data-testid': 'accept-deferral-confirm' } as never}
        destroyOnHidden
      >
        <p>{t('deferral.policy', { days: policy.days, action: t(`deferral.action.${policy.onExpired}`) })}</p>
        <fieldset className="tb-fieldset">
          <legend>{t('deferral.chooseMaterials')}</legend>
          <ul className="tb-plain-list">
            {missing.map((m) => (
              <li key={m.code}>
                <Checkbox
                  checked={chosen.includes(m.code)}
                  disabled={m.critical}
                  onChange={(e) =>
                    setChosen((prev) =>
                      e.target.checked ? [...prev, m.code] : prev.filter((code) => code !== m.code),
                    )
                  }
                  data-testid={`defer-${m.code}`}
                >
                  {text(m)}
                </Checkbox>
                {m.critical && (
                  <Tag color="red" className="tb-small">
                    {t('deferral.criticalCannot')}
                  </Tag>
                )}
              </li>
            ))}
          </ul>
        </fieldset>
        <label htmlFor="deferral-note" className="tb-label">
          {t('workbench.noteOptionalLabel')}
        </label>
        <Input.TextArea
          id="deferral-note"
          rows={3}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        {error && (
          <div role="alert" className="tb-error-text">
            {error}
          </div>
        )}
      </Modal>
    </>
  );
}
