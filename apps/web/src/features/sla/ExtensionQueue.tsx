import { Button, Card, Empty, Input, Modal, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, newIdempotencyKey } from '../../api/client.ts';
import { usePagedApi } from '../../api/usePagedApi.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useNotify } from '../../components/LiveRegion.tsx';
import { useLocal } from '../../components/useLocal.ts';
import { decideExtension, type Extension } from './api.ts';

/** A department head's pending extension requests: approve, or refuse with a note. */
export function ExtensionQueue() {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const notify = useNotify();
  const list = usePagedApi<Extension>('/workflow/extensions?status=pending', 20);
  const [refusing, setRefusing] = useState<Extension | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const key = useRef(newIdempotencyKey());

  const decide = async (x: Extension, approve: boolean) => {
    if (!approve && !note.trim()) {
      setError(t('sla.noteRequired'));
      return;
    }
    setBusy(x.id);
    try {
      await decideExtension(x.id, approve, approve ? '' : note.trim(), key.current);
      notify.success(t(approve ? 'sla.approvedDone' : 'sla.refusedDone', { caseNumber: x.caseNumber }));
      setRefusing(null);
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.message);
        notify.error(e.message);
      }
    } finally {
      setBusy(null);
    }
  };

  if (!list.loading && list.items.length === 0 && !list.error) return null;
  return (
    <section className="tb-section" aria-labelledby="extensions-title" data-testid="extension-queue">
      <Typography.Title level={2} id="extensions-title">
        {t('sla.queueTitle')}
      </Typography.Title>
      <ErrorAlert error={list.error} />
      {list.items.length === 0 ? (
        <Empty description={t('sla.queueEmpty')} />
      ) : (
        <ul className="tb-mobile-list">
          {list.items.map((x) => (
            <li key={x.id} data-testid={`extension-${x.caseNumber}`}>
              <Card size="small">
                <Link to={`/workbench/cases/${x.caseId}`}>{x.caseNumber}</Link> · {text(x, 'itemName')}
                <dl className="tb-dl">
                  <dt>{t('workbench.step')}</dt>
                  <dd>{text(x, 'stepName')}</dd>
                  <dt>{t('sla.requestedBy')}</dt>
                  <dd>
                    {x.requestedByName} · {dateTime(x.requestedAt)}
                  </dd>
                  <dt>{t('sla.daysLabel')}</dt>
                  <dd>
                    {t('sla.extensionDays', { days: x.days, used: x.usedDays, allowance: x.allowanceDays })}
                  </dd>
                  <dt>{t('sla.reason')}</dt>
                  <dd>{x.reason}</dd>
                  <dt>{t('sla.promisedDue')}</dt>
                  <dd>{dateTime(x.dueAt)}</dd>
                  <dt>{t('sla.statutoryDue')}</dt>
                  <dd>{dateTime(x.statutoryDueAt)}</dd>
                </dl>
                <Space wrap>
                  <Button
                    type="primary"
                    loading={busy === x.id && !refusing}
                    onClick={() => {
                      key.current = newIdempotencyKey();
                      void decide(x, true);
                    }}
                    data-testid="extension-approve"
                    aria-label={t('sla.approveCase', { caseNumber: x.caseNumber })}
                  >
                    {t('sla.approve')}
                  </Button>
                  <Button
                    onClick={() => {
                      key.current = newIdempotencyKey();
                      setNote('');
                      setError(undefined);
                      setRefusing(x);
                    }}
                    data-testid="extension-refuse"
                    aria-label={t('sla.refuseCase', { caseNumber: x.caseNumber })}
                  >
                    {t('sla.refuse')}
                  </Button>
                </Space>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>}
      <Modal
        open={refusing !== null}
        title={t('sla.refuseTitle', { caseNumber: refusing?.caseNumber ?? '' })}
        onCancel={() => setRefusing(null)}
        onOk={() => refusing && void decide(refusing, false)}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={
          { loading: busy !== null, danger: true, 'data-testid': 'extension-refuse-confirm' } as never
        }
        destroyOnHidden
      >
        <label htmlFor="extension-note" className="tb-label">
          {t('sla.refuseNoteLabel')}
        </label>
        <Input.TextArea
          id="extension-note"
          rows={3}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-required
          aria-invalid={!!error}
          aria-describedby={error ? 'extension-error' : undefined}
        />
        {error && (
          <div id="extension-error" role="alert" className="tb-error-text">
            {error}
          </div>
        )}
      </Modal>
    </section>
  );
}
