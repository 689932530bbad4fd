import { Button, Typography } from 'antd';
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError, api, type FieldError } from '../../api/client.ts';
import type { FormLike } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useNotify } from '../../components/LiveRegion.tsx';
import { useLocal } from '../../components/useLocal.ts';
import { SmartForm } from './SmartForm.tsx';

const AUTOSAVE_MS = 3000;

interface Props {
  applicationId: string;
  serviceCode: string;
  form: FormLike;
  /** Where the server checks the data (SmartForm); the service's validate endpoint by default. */
  validatePath?: string;
  /** Saves the draft's answers; PUT /applications/:id/form by default. */
  saveDraft?: (data: Record<string, unknown>) => Promise<void>;
  initialData: Record<string, unknown>;
  /** Drafts save to the server as the user types; a returned case keeps edits until resubmitted. */
  autosave: boolean;
  primaryLabel: string;
  primaryTestId: string;
  /** Runs with valid data; may throw an ApiError whose field errors are shown on the form. */
  onPrimary: (data: Record<string, unknown>) => Promise<void>;
}

export function FormEditor(props: Props) {
  const { t } = useTranslation();
  const notify = useNotify();
  const { dateTime } = useLocal();
  const loc = useLocation();
  const [data, setData] = useState(props.initialData);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const dirty = useRef(false);
  const latest = useRef(data);
  latest.current = data;

  const save = useCallback(
    async (quiet: boolean) => {
      dirty.current = false;
      try {
        if (props.saveDraft) await props.saveDraft(latest.current);
        else {
          await api(`/applications/${props.applicationId}/form`, {
            method: 'PUT',
            body: { formData: latest.current },
          });
        }
        setSavedAt(new Date().toISOString());
        if (!quiet) notify.success(t('form.draftSaved'));
      } catch (e) {
        // a half-typed draft may be rejected by the server; autosave stays quiet and the user saves explicitly
        if (!quiet && e instanceof ApiError) {
          setError(e);
          notify.error(e.message);
        }
      }
    },
    [props.applicationId, props.saveDraft, notify, t],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: each change of the data restarts the autosave timer
  useEffect(() => {
    if (!props.autosave || !dirty.current) return;
    const id = window.setTimeout(() => void save(true), AUTOSAVE_MS);
    return () => window.clearTimeout(id);
  }, [data, props.autosave, save]);

  // "Change" links from the check-answers page land on the field they name.
  useEffect(() => {
    const id = decodeURIComponent(loc.hash.slice(1));
    if (!id) return;
    const t0 = window.setTimeout(() => {
      const el =
        document.getElementById(id) ?? document.querySelector<HTMLElement>(`[id^="${CSS.escape(id)}"]`);
      el?.scrollIntoView({ block: 'center' });
      el?.focus();
    }, 100);
    return () => window.clearTimeout(t0);
  }, [loc.hash]);

  const primary = async (valid: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onPrimary(valid);
      dirty.current = false;
    } catch (e) {
      if (e instanceof ApiError) {
        setServerErrors(e.fieldErrors);
        setError(e);
        notify.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };

  // Enter in a date picker or a select confirms the choice; it must not also submit the step.
  const keepPickersFromSubmitting = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (e.key === 'Enter' && target.closest('.ant-picker, .ant-select')) e.preventDefault();
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: only filters Enter key presses bubbling from the pickers
    <div data-testid="smart-form" onKeyDown={keepPickersFromSubmitting}>
      <ErrorAlert error={error} />
      <SmartForm
        serviceCode={props.serviceCode}
        validatePath={props.validatePath}
        form={props.form}
        formData={data}
        serverErrors={serverErrors}
        onChange={(d) => {
          dirty.current = true;
          setServerErrors([]);
          setData(d);
        }}
        onValidSubmit={(d) => void primary(d)}
        disabled={busy}
      >
        <div className="tb-actions">
          <Button type="primary" htmlType="submit" loading={busy} data-testid={props.primaryTestId}>
            {props.primaryLabel}
          </Button>
          {props.autosave && (
            <Button onClick={() => void save(false)} data-testid="save-draft">
              {t('form.saveDraft')}
            </Button>
          )}
        </div>
      </SmartForm>
      <Typography.Paragraph
        className="tb-muted"
        role="status"
        aria-live="polite"
        data-testid="autosave-status"
      >
        {savedAt
          ? t('form.savedAt', { time: dateTime(savedAt) })
          : props.autosave
            ? t('form.autosaveHint')
            : ''}
      </Typography.Paragraph>
    </div>
  );
}
