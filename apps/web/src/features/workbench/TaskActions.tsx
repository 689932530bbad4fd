import { Alert, Button, Input, Modal, Space } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../../api/client.ts';
import type { TaskDetail } from '../../api/types.ts';
import { useNotify } from '../../components/LiveRegion.tsx';
import { claimTask, completeTask, type Outcome } from './tasks.ts';

interface Props {
  task: TaskDetail;
  myAccountId: string;
  caseNumber: string;
  onDone: (outcome: Outcome) => void;
  onChanged: () => void;
  /** Opens the caller's own return dialog (naming fields and materials) instead of the note-only one. */
  onReturn?: () => void;
  /** More actions on the claimed task, shown beside approve / return / reject (e.g. 容缺受理). */
  extraActions?: ReactNode;
}

/** Claim, then approve / reject / return for supplement; reject and return need a note; every action is confirmed. */
export function TaskActions({
  task,
  myAccountId,
  caseNumber,
  onDone,
  onChanged,
  onReturn,
  extraActions,
}: Props) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const key = useRef<string | null>(null);
  const mine = task.assigneeId === myAccountId;
  const noteRequired = outcome === 'reject' || outcome === 'return' || outcome === 'flag';
  // A post-approval review (事后抽查) is confirmed or flagged, not decided again.
  const review = task.stage === 'review';
  const words = (group: 'confirm' | 'done', o: Outcome) =>
    t(review ? `instant.review.${group}.${o}` : `workbench.${group}.${o}`, { caseNumber });

  const claim = async () => {
    setBusy(true);
    try {
      await claimTask(task.id);
      notify.success(t('workbench.claimed', { caseNumber }));
    } catch (e) {
      if (e instanceof ApiError) notify.error(e.message);
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  const open = (o: Outcome) => {
    key.current = newIdempotencyKey();
    setError(undefined);
    setNote('');
    setOutcome(o);
  };

  const confirm = async () => {
    if (!outcome) return;
    if (noteRequired && !note.trim()) {
      setError(t('workbench.noteRequired'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await completeTask(task.id, outcome, note.trim(), key.current ?? newIdempotencyKey());
      notify.success(words('done', outcome));
      setOutcome(null);
      onDone(outcome);
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.fieldErrors[0]?.message ?? e.message);
        notify.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };

  if (!task.assigneeId) {
    return (
      <Button type="primary" onClick={() => void claim()} loading={busy} data-testid="case-claim">
        {t('workbench.claim')}
      </Button>
    );
  }
  if (!mine)
    return <Alert type="info" showIcon title={t('workbench.claimedBy', { name: task.assigneeName ?? '' })} />;

  return (
    <>
      {review ? (
        <Space wrap>
          <Button type="primary" onClick={() => open('confirm')} data-testid="action-confirm-review">
            {t('instant.review.confirmAction')}
          </Button>
          <Button danger onClick={() => open('flag')} data-testid="action-flag">
            {t('instant.review.flagAction')}
          </Button>
        </Space>
      ) : (
        <Space wrap>
          <Button type="primary" onClick={() => open('approve')} data-testid="action-approve">
            {t('workbench.approve')}
          </Button>
          <Button onClick={() => (onReturn ? onReturn() : open('return'))} data-testid="action-return">
            {t('workbench.return')}
          </Button>
          <Button danger onClick={() => open('reject')} data-testid="action-reject">
            {t('workbench.reject')}
          </Button>
          {extraActions}
        </Space>
      )}
      <Modal
        open={outcome !== null}
        title={outcome ? words('confirm', outcome) : ''}
        onCancel={() => setOutcome(null)}
        onOk={() => void confirm()}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={
          {
            loading: busy,
            danger: outcome === 'reject' || outcome === 'flag',
            'data-testid': 'action-confirm',
          } as never
        }
        destroyOnHidden
      >
        <label htmlFor="task-note" className="tb-label">
          {noteRequired ? t('workbench.noteRequiredLabel') : t('workbench.noteOptionalLabel')}
        </label>
        <Input.TextArea
          id="task-note"
          rows={4}
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
          aria-required={noteRequired}
          aria-invalid={!!error}
          aria-describedby={error ? 'task-note-error' : undefined}
          data-testid="action-note"
        />
        {error && (
          <div id="task-note-error" role="alert" className="tb-error-text">
            {error}
          </div>
        )}
      </Modal>
    </>
  );
}
