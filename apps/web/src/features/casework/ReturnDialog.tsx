import type { CaseView, FormFieldInfo } from '@tongban/contracts';
import { Checkbox, Input, Modal } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, newIdempotencyKey } from '../../api/client.ts';
import { useNotify } from '../../components/LiveRegion.tsx';
import { useLocal } from '../../components/useLocal.ts';

/**
 * 补正: the officer names the answers (from the form) and the materials (from the checklist) the
 * applicant must change, with a note; at least one of them. The applicant can change only those.
 */
export function ReturnDialog({
  open,
  c,
  fields,
  onClose,
  onDone,
}: {
  open: boolean;
  c: CaseView;
  fields: FormFieldInfo[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { text, en } = useLocal();
  const notify = useNotify();
  const [pointers, setPointers] = useState<string[]>([]);
  const [materials, setMaterials] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const key = useRef(newIdempotencyKey());
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((v) => v !== value);

  const confirm = async () => {
    if (!pointers.length && !materials.length && !note.trim()) {
      setError(t('supplement.nameSomething'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api(`/cases/${encodeURIComponent(c.id)}/return`, {
        method: 'POST',
        body: { fields: pointers, materials, ...(note.trim() ? { note: note.trim() } : {}) },
        idempotencyKey: key.current,
      });
      notify.success(t('workbench.done.return', { caseNumber: c.caseNumber ?? '' }));
      setPointers([]);
      setMaterials([]);
      setNote('');
      key.current = newIdempotencyKey();
      onDone();
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.fieldErrors[0]?.message ?? e.message);
        notify.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('workbench.confirm.return', { caseNumber: c.caseNumber ?? '' })}
      onCancel={onClose}
      onOk={() => void confirm()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'return-confirm' } as never}
      width={640}
      destroyOnHidden
    >
      <fieldset className="tb-fieldset" data-testid="return-fields">
        <legend>{t('supplement.pickFields')}</legend>
        <ul className="tb-plain-list tb-columns">
          {fields.map((f) => (
            <li key={f.pointer}>
              <Checkbox
                checked={pointers.includes(f.pointer)}
                onChange={(e) => setPointers((p) => toggle(p, f.pointer, e.target.checked))}
                data-testid={`return-field-${f.pointer}`}
              >
                {en ? f.labelEn : f.labelZh}
              </Checkbox>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset className="tb-fieldset" data-testid="return-materials">
        <legend>{t('supplement.pickMaterials')}</legend>
        <ul className="tb-plain-list">
          {c.checklist.map((m) => (
            <li key={m.code}>
              <Checkbox
                checked={materials.includes(m.code)}
                onChange={(e) => setMaterials((p) => toggle(p, m.code, e.target.checked))}
                data-testid={`return-material-${m.code}`}
              >
                {text(m)}
              </Checkbox>
            </li>
          ))}
        </ul>
      </fieldset>
      <label htmlFor="return-note" className="tb-label">
        {t('supplement.noteLabel')}
      </label>
      <Input.TextArea
        id="return-note"
        rows={3}
        maxLength={1000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        data-testid="return-note-input"
      />
      {error && (
        <div role="alert" className="tb-error-text">
          {error}
        </div>
      )}
    </Modal>
  );
}
