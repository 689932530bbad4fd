import { CheckCircleFilled, UploadOutlined } from '@ant-design/icons';
import type { DeferralView } from '@tongban/contracts';
import { Alert, Button, Space, Tag, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { useNotify } from '../../components/LiveRegion.tsx';
import { useLocal } from '../../components/useLocal.ts';
import { ACCEPT } from '../apply/MaterialsPanel.tsx';
import { CommitmentDialog } from './CommitmentDialog.tsx';

const TYPE = { owed: 'warning', suspended: 'error', revoked: 'error', supplied: 'success' } as const;

/** One owed material: supplied, or an upload control (the applicant's side only). */
function OwedMaterial({
  applicationId,
  material,
  canUpload,
  onChanged,
}: {
  applicationId: string;
  material: DeferralView['materials'][number];
  canUpload: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { text } = useLocal();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const name = text(material);

  const upload = async (file: File) => {
    setBusy(true);
    const body = new FormData();
    body.append('materialCode', material.code);
    body.append('file', file, file.name);
    try {
      await api(`/applications/${encodeURIComponent(applicationId)}/deferred-materials`, {
        method: 'POST',
        body,
      });
      notify.success(t('materials.uploaded', { name: file.name }));
      onChanged();
    } catch (e) {
      if (e instanceof ApiError) notify.error(e.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="tb-file-row" data-testid={`owed-${material.code}`} data-supplied={material.supplied}>
      <strong>{name}</strong>{' '}
      {material.supplied ? (
        <Tag color="success" icon={<CheckCircleFilled aria-hidden="true" />}>
          {t('deferral.supplied')}
        </Tag>
      ) : (
        <Tag color="warning">{t('deferral.owed')}</Tag>
      )}
      {canUpload && !material.supplied && (
        <Upload
          accept={ACCEPT}
          showUploadList={false}
          disabled={busy}
          customRequest={({ file }) => void upload(file as File)}
          data-testid={`supply-${material.code}`}
        >
          <span className="tb-upload-trigger">
            <UploadOutlined aria-hidden="true" /> {busy ? t('materials.uploading') : t('deferral.supply')}
            <span className="tb-sr-only">{name}</span>
          </span>
        </Upload>
      )}
    </li>
  );
}

/**
 * 容缺受理 on a case: the materials owed and by when, what happens if they do not arrive, the
 * commitment. The applicant uploads and signs here (`applicant`); officers read the same facts.
 */
export function DeferralPanel({
  applicationId,
  deferral,
  status,
  applicant,
  onChanged,
}: {
  applicationId: string;
  deferral: DeferralView | null | undefined;
  status: string;
  applicant: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { dateTime } = useLocal();
  const [signing, setSigning] = useState(false);
  if (!deferral || deferral.state === 'closed') return null;
  const open = deferral.state === 'owed' || deferral.state === 'suspended';
  const signed = deferral.commitment.signed;
  const deadline = dateTime(deferral.deadline);
  const title =
    deferral.state === 'owed'
      ? t('deferral.owedBy', { date: deadline })
      : t(`deferral.title.${deferral.state}`, { date: dateTime(deferral.expiredAt ?? deferral.suppliedAt) });

  return (
    <Alert
      type={TYPE[deferral.state]}
      showIcon
      className="tb-block"
      data-testid="deferral-panel"
      data-state={deferral.state}
      title={title}
      description={
        <>
          {open && (
            <p>
              {t(`deferral.consequence.${deferral.onExpired}`)}
              {status === 'approved' || deferral.state === 'suspended'
                ? ''
                : ` ${t('deferral.processingGoesOn')}`}
            </p>
          )}
          <ul className="tb-plain-list" aria-label={t('deferral.materialsOwed')}>
            {deferral.materials.map((m) => (
              <OwedMaterial
                key={m.code}
                applicationId={applicationId}
                material={m}
                canUpload={applicant && open}
                onChanged={onChanged}
              />
            ))}
          </ul>
          {deferral.note && (
            <p>
              {t('deferral.officerNote')}: {deferral.note}
            </p>
          )}
          <p className="tb-muted tb-small" data-testid="commitment-status">
            {signed ? t('deferral.signedAt', { time: dateTime(signed.at) }) : t('deferral.notSigned')}
          </p>
          {applicant && open && !signed && (
            <Space>
              <Button type="primary" onClick={() => setSigning(true)} data-testid="commitment-open">
                {t('deferral.signCommitment')}
              </Button>
            </Space>
          )}
          {applicant && (
            <CommitmentDialog
              open={signing}
              applicationId={applicationId}
              deferral={deferral}
              onClose={() => setSigning(false)}
              onSigned={() => {
                setSigning(false);
                onChanged();
              }}
            />
          )}
        </>
      }
    />
  );
}
