import { Button, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, newIdempotencyKey } from '../../api/client.ts';
import type { ChecklistEntry, UploadedMaterial } from '../../api/types.ts';
import { useNotify } from '../../components/LiveRegion.tsx';
import { MaterialAnswerList, retryable } from './CheckLists.tsx';

/**
 * Submits once from a check-your-answers page. One key per attempt, reused if the user retries after
 * a lost answer, so the case is filed once; a failure is announced and kept for the field-error list.
 */
export function useSubmitOnce() {
  const notify = useNotify();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const attemptKey = useRef<string | null>(null);

  const submit = async <T,>(path: string, onSubmitted: (submitted: T) => void) => {
    attemptKey.current ??= newIdempotencyKey();
    setBusy(true);
    setError(undefined);
    try {
      const submitted = await api<T>(path, { method: 'POST', idempotencyKey: attemptKey.current });
      attemptKey.current = null;
      onSubmitted(submitted);
    } catch (e) {
      if (!retryable(e)) attemptKey.current = null;
      if (e instanceof ApiError) {
        setError(e);
        notify.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, error };
}

/** The materials part of a check page: what was uploaded for each entry, with a "change" link. */
export function MaterialsSection(props: {
  checklist: ChecklistEntry[];
  materials: UploadedMaterial[];
  materialsPath: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="tb-section" aria-labelledby="mat-title">
      <Typography.Title level={2} id="mat-title">
        {t('answers.materialsSection')}
      </Typography.Title>
      <MaterialAnswerList {...props} />
    </section>
  );
}

/** The declaration the applicant makes by submitting, and the submit button itself. */
export function DeclarationSection({
  busy,
  onSubmit,
  label,
  testId,
}: {
  busy: boolean;
  onSubmit: () => void;
  label: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="tb-section" aria-labelledby="declare-title">
      <Typography.Title level={2} id="declare-title">
        {t('answers.declarationTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('answers.declaration')}</Typography.Paragraph>
      <Button type="primary" size="large" loading={busy} onClick={onSubmit} data-testid={testId}>
        {label}
      </Button>
    </section>
  );
}
