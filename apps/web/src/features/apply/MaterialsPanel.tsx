import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Tag, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { ChecklistEntry, UploadedMaterial } from '../../api/types.ts';
import { useNotify } from '../../components/LiveRegion.tsx';
import { useLocal } from '../../components/useLocal.ts';

export const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** What the panel shows and changes: an application's materials, or a bundle's (uploaded once for its items). */
export interface MaterialsHolder {
  status: string;
  checklist: ChecklistEntry[];
  materials: UploadedMaterial[];
  /** `/applications/:id` or `/bundle-cases/:id`: materials are uploaded to and removed from `<basePath>/materials`. */
  basePath: string;
  /** A line under an entry's name, e.g. which of a bundle's items need it. */
  note?: (code: string) => ReactNode;
  /** More ways to provide an entry, under its upload control (e.g. "use my e-licence", 免证办). */
  extra?: (code: string) => ReactNode;
  /** How a material that is not a file is shown (an e-licence). */
  describe?: (material: UploadedMaterial) => ReactNode;
}

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Entry({
  app,
  entry,
  onChanged,
  level,
}: {
  app: MaterialsHolder;
  entry: ChecklistEntry;
  onChanged: () => void;
  level: 2 | 3;
}) {
  const H = `h${level}` as 'h2' | 'h3';
  const { t } = useTranslation();
  const { text } = useLocal();
  const notify = useNotify();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const files = app.materials.filter((m) => m.materialCode === entry.code);
  const name = text(entry);

  const upload = async (file: File) => {
    setBusy(true);
    setError(undefined);
    const body = new FormData();
    body.append('materialCode', entry.code);
    body.append('file', file, file.name);
    try {
      await api(`${app.basePath}/materials`, { method: 'POST', body });
      notify.announce(t('materials.uploaded', { name: file.name }));
      onChanged();
    } catch (e) {
      const msg = e instanceof ApiError ? e.message : String(e);
      setError(msg);
      notify.error(msg);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (materialId: string, fileName: string) => {
    try {
      await api(`${app.basePath}/materials/${materialId}`, { method: 'DELETE' });
      notify.announce(t('materials.removed', { name: fileName }));
      onChanged();
    } catch (e) {
      if (e instanceof ApiError) notify.error(e.message);
    }
  };

  return (
    <Card
      size="small"
      className="tb-block"
      data-testid={`material-${entry.code}`}
      data-provided={entry.provided || files.length > 0}
      title={
        <H className="tb-card-title tb-inline-title">
          {name} {entry.critical && <Tag color="red">{t('materials.critical')}</Tag>}
          {!entry.required && <Tag>{t('materials.optional')}</Tag>}
        </H>
      }
    >
      {app.note && <p className="tb-muted tb-small">{app.note(entry.code)}</p>}
      {files.length > 0 ? (
        <ul className="tb-plain-list" data-testid={`material-files-${entry.code}`}>
          {files.map((f) => (
            <li key={f.id} className="tb-file-row">
              {f.licence && app.describe ? (
                app.describe(f)
              ) : (
                <>
                  <PaperClipOutlined aria-hidden="true" /> <span>{f.fileName}</span>{' '}
                  <span className="tb-muted">({formatSize(f.sizeBytes)})</span>
                </>
              )}
              {app.status === 'draft' || app.status === 'returned' ? (
                <Button
                  type="link"
                  size="small"
                  icon={<DeleteOutlined aria-hidden="true" />}
                  onClick={() => void remove(f.id, f.fileName)}
                  aria-label={t('materials.removeFile', { name: f.fileName })}
                >
                  {t('materials.remove')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="tb-muted">{t('materials.none')}</p>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error}
          className="tb-block"
          data-testid="upload-error"
        />
      )}
      <Upload
        accept={ACCEPT}
        showUploadList={false}
        disabled={busy}
        customRequest={({ file }) => void upload(file as File)}
        data-testid={`upload-${entry.code}`}
      >
        <span className="tb-upload-trigger">
          <UploadOutlined aria-hidden="true" /> {busy ? t('materials.uploading') : t('materials.upload')}
          <span className="tb-sr-only">{name}</span>
        </span>
      </Upload>
      <p className="tb-muted tb-small">{t('materials.accepted')}</p>
      {app.extra?.(entry.code)}
    </Card>
  );
}

/** One card per checklist entry: what is needed, what was uploaded, and an upload control. */
export function MaterialsPanel({
  app,
  onChanged,
  headingLevel = 2,
}: {
  app: MaterialsHolder;
  onChanged: () => void;
  /** 3 when the panel sits under its own h2 */
  headingLevel?: 2 | 3;
}) {
  return (
    <div data-testid="materials-panel">
      {app.checklist.map((c) => (
        <Entry key={c.code} app={app} entry={c} onChanged={onChanged} level={headingLevel} />
      ))}
    </div>
  );
}
