import type { CaseView, SupplementRound } from '@tongban/contracts';
import { Button, Card, Input, Modal, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, newIdempotencyKey } from '../../api/client.ts';
import type { ServiceForm } from '../../api/types.ts';
import { useNotify } from '../../components/LiveRegion.tsx';
import { useLocal } from '../../components/useLocal.ts';
import { formatValue } from '../apply/answers.ts';
import { leaves } from '../apply/pointers.ts';

type Diff = NonNullable<SupplementRound['diff']>;

const STATE_COLOUR = { open: 'warning', resubmitted: 'processing', withdrawn: 'default' } as const;

/** What changed in one resubmission: each answer before → after, each material's files out and in. */
function RoundDiff({ diff, form, c }: { diff: Diff; form: ServiceForm | undefined; c: CaseView }) {
  const { t } = useTranslation();
  const { en, text } = useLocal();
  const labels = new Map((form?.fields ?? []).map((f) => [f.pointer, en ? f.labelEn : f.labelZh]));
  const schemas = new Map(
    form ? leaves(form.schema, form.uiSchema ?? {}).map((l) => [l.pointer, l.schema]) : [],
  );
  const show = (pointer: string, v: unknown) => formatValue(schemas.get(pointer) ?? {}, v, t);
  const materialName = (code: string) => text(c.checklist.find((m) => m.code === code)) || code;
  if (!diff.fields.length && !diff.materials.length)
    return <Typography.Paragraph className="tb-muted">{t('supplement.noChanges')}</Typography.Paragraph>;
  return (
    <>
      {diff.fields.length > 0 && (
        <div className="tb-table-scroll">
          <Table
            size="small"
            pagination={false}
            rowKey="pointer"
            dataSource={diff.fields}
            data-testid="round-diff-fields"
            columns={[
              {
                title: t('supplement.field'),
                key: 'field',
                render: (_, f) => (
                  <>
                    {labels.get(f.pointer) ?? f.pointer}{' '}
                    {!f.requested && <Tag color="orange">{t('supplement.notAsked')}</Tag>}
                  </>
                ),
              },
              {
                title: t('supplement.before'),
                key: 'before',
                render: (_, f) => <del>{show(f.pointer, f.before)}</del>,
              },
              {
                title: t('supplement.after'),
                key: 'after',
                render: (_, f) => <ins>{show(f.pointer, f.after)}</ins>,
              },
            ]}
          />
        </div>
      )}
      {diff.materials.length > 0 && (
        <ul className="tb-plain-list" data-testid="round-diff-materials">
          {diff.materials.map((m) => (
            <li key={m.code}>
              <strong>{materialName(m.code)}</strong>
              {!m.requested && <Tag color="orange">{t('supplement.notAsked')}</Tag>}
              <ul>
                {m.removed.map((f) => (
                  <li key={`-${f.sha256}`}>
                    <del>
                      {t('supplement.removedFile')}: {f.fileName}
                    </del>{' '}
                    <code className="tb-muted tb-small">{f.sha256.slice(0, 12)}</code>
                  </li>
                ))}
                {m.added.map((f) => (
                  <li key={`+${f.sha256}`}>
                    <ins>
                      {t('supplement.addedFile')}: {f.fileName}
                    </ins>{' '}
                    <code className="tb-muted tb-small">{f.sha256.slice(0, 12)}</code>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Taking an open return back before the applicant resubmits (with a reason). */
function WithdrawReturn({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const confirm = async () => {
    setBusy(true);
    try {
      await api(`/cases/${encodeURIComponent(c.id)}/return/withdraw`, {
        method: 'POST',
        body: { reason: reason.trim() },
        idempotencyKey: key.current,
      });
      notify.success(t('supplement.returnWithdrawn'));
      setOpen(false);
      onDone();
    } catch (e) {
      if (e instanceof ApiError) notify.error(e.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="withdraw-return">
        {t('supplement.withdrawReturn')}
      </Button>
      <Modal
        open={open}
        title={t('supplement.withdrawReturn')}
        onCancel={() => setOpen(false)}
        onOk={() => void confirm()}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={
          { loading: busy, disabled: !reason.trim(), 'data-testid': 'withdraw-return-confirm' } as never
        }
        destroyOnHidden
      >
        <p>{t('supplement.withdrawReturnHint')}</p>
        <label htmlFor="withdraw-return-reason" className="tb-label">
          {t('supplement.withdrawReason')}
        </label>
        <Input.TextArea
          id="withdraw-return-reason"
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}

/** Every return for supplement of the case, newest first: what was asked and, once resubmitted, the diff. */
export function SupplementRounds({
  c,
  form,
  onChanged,
}: {
  c: CaseView;
  form: ServiceForm | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { en, text, dateTime } = useLocal();
  const rounds = [...(c.supplementRounds ?? [])].reverse();
  if (!rounds.length) return null;
  const labels = new Map((form?.fields ?? []).map((f) => [f.pointer, en ? f.labelEn : f.labelZh]));
  return (
    <section className="tb-section" aria-labelledby="rounds-title" data-testid="supplement-rounds">
      <Typography.Title level={2} id="rounds-title">
        {t('supplement.roundsTitle')}
      </Typography.Title>
      {rounds.map((r) => (
        <Card
          key={r.round}
          size="small"
          className="tb-block"
          data-testid={`round-${r.round}`}
          data-state={r.state}
          title={
            <h3 className="tb-card-title tb-inline-title">
              {t('supplement.round', { n: r.round })}{' '}
              <Tag color={STATE_COLOUR[r.state]}>{t(`supplement.state.${r.state}`)}</Tag>
            </h3>
          }
          extra={
            r.state === 'open' && c.status === 'returned' ? <WithdrawReturn c={c} onDone={onChanged} /> : null
          }
        >
          <p className="tb-muted tb-small">
            {dateTime(r.requestedAt)} · {text(r, 'departmentName')}
            {r.requestedByName ? ` · ${r.requestedByName}` : ''}
          </p>
          <p>{r.note}</p>
          {r.fields.length > 0 && (
            <p>
              {t('supplement.fields')}: {r.fields.map((p) => labels.get(p) ?? p).join(en ? ', ' : '、')}
            </p>
          )}
          {r.materials.length > 0 && (
            <p>
              {t('supplement.materials')}:{' '}
              {r.materials
                .map((code) => text(c.checklist.find((m) => m.code === code)) || code)
                .join(en ? ', ' : '、')}
            </p>
          )}
          {r.state === 'withdrawn' && (
            <p className="tb-muted">
              {t('supplement.withdrawnBy', { name: r.withdrawnByName ?? '', time: dateTime(r.withdrawnAt) })}
            </p>
          )}
          {r.diff && (
            <>
              <Typography.Title level={4}>
                {t('supplement.diffTitle', { time: dateTime(r.resubmittedAt) })}
              </Typography.Title>
              <RoundDiff diff={r.diff} form={form} c={c} />
            </>
          )}
        </Card>
      ))}
    </section>
  );
}
