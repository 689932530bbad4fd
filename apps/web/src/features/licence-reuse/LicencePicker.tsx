import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { LicenceChoices } from '@tongban/contracts';
import { Alert, Button, Select, Tag } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { UploadedMaterial } from '../../api/types.ts';
import { useNotify } from '../../components/LiveRegion.tsx';
import { useLocal } from '../../components/useLocal.ts';

type Choice = LicenceChoices['items'][number];

/** How an e-licence used instead of an upload (免证办) is shown in a material's file list. */
export function LicenceBadge({ material }: { material: UploadedMaterial }) {
  const { t } = useTranslation();
  const { text, date } = useLocal();
  const l = material.licence;
  if (!l) return null;
  return (
    <span data-testid="material-licence">
      <SafetyCertificateOutlined aria-hidden="true" /> <Tag color="success">{t('licenceReuse.verified')}</Tag>
      {text(l, 'typeName')} {l.number}{' '}
      <span className="tb-muted tb-small">
        {t('licenceReuse.issuedBy', { issuer: text(l, 'issuerName') })}
        {l.validUntil ? ` · ${t('licenceReuse.validUntil', { date: date(l.validUntil) })}` : ''}
      </span>
    </span>
  );
}

/**
 * "Use my e-licence" for one checklist entry: the applicant's valid licences of the types the entry
 * accepts; picking one attaches it in place of a file (verified by the server, again at submit).
 */
export function LicencePicker({
  basePath,
  choice,
  materials,
  onChanged,
}: {
  basePath: string;
  choice: Choice | undefined;
  materials: UploadedMaterial[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { text } = useLocal();
  const notify = useNotify();
  const labelId = useId();
  const attached = new Set(materials.map((m) => m.licence?.licenceId).filter(Boolean));
  const open = (choice?.licences ?? []).filter((l) => !attached.has(l.licenceId));
  const [picked, setPicked] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!choice || open.length === 0) return null;
  const selected = picked && open.some((l) => l.licenceId === picked) ? picked : open[0]!.licenceId;

  const use = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`${basePath}/materials/${encodeURIComponent(choice.code)}/licence`, {
        method: 'POST',
        body: { licenceId: selected },
      });
      notify.announce(t('licenceReuse.used'));
      onChanged();
    } catch (e) {
      const msg = e instanceof ApiError ? e.message : String(e);
      setError(msg);
      notify.error(msg);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tb-block" data-testid={`licence-picker-${choice.code}`}>
      <p className="tb-small" id={labelId}>
        <SafetyCertificateOutlined aria-hidden="true" /> {t('licenceReuse.hint')}
      </p>
      <div className="tb-actions">
        <Select
          aria-labelledby={labelId}
          value={selected}
          onChange={setPicked}
          style={{ minWidth: 220, maxWidth: '100%' }}
          options={open.map((l) => ({
            value: l.licenceId,
            label: `${text(l, 'typeName')} ${l.number}（${text(l, 'issuerName')}）`,
          }))}
          data-testid={`licence-select-${choice.code}`}
        />
        <Button onClick={() => void use()} loading={busy} data-testid={`use-licence-${choice.code}`}>
          {t('licenceReuse.use')}
        </Button>
      </div>
      {error && <Alert type="error" showIcon role="alert" title={error} className="tb-block" />}
    </div>
  );
}

/**
 * The officer's view of an e-licence used instead of an upload: "电子证照 · 已核验" with number, issuer
 * and when it was verified, and its status now (a licence revoked after submission says so).
 */
export function VerifiedLicence({ material }: { material: UploadedMaterial }) {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const l = material.licence;
  if (!l) return null;
  const now = l.status ?? 'valid';
  return (
    <span data-testid="case-licence" data-status={now}>
      <SafetyCertificateOutlined aria-hidden="true" />{' '}
      <Tag color={now === 'valid' ? 'success' : 'error'}>
        {now === 'valid' ? t('licenceReuse.verifiedBadge') : t(`licenceReuse.now.${now}`)}
      </Tag>
      {text(l, 'typeName')} <span data-testid="case-licence-number">{l.number}</span> ·{' '}
      {t('licenceReuse.issuedBy', { issuer: text(l, 'issuerName') })} ·{' '}
      {t('licenceReuse.verifiedAt', { at: dateTime(l.verifiedAt) })}
    </span>
  );
}
