import type { SavedDecisionVersion } from '@tongban/contracts';
import { Button, Form, Input, List, Select, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, newIdempotencyKey } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';
import { importDmn } from '../features/decisions/api.ts';

const MAX_BYTES = 512 * 1024;

/** Import a DMN 1.3 file (upload or paste); every decision table in it becomes a new version. */
export default function DecisionImportPage() {
  const { t } = useTranslation();
  const { text } = useLocal();
  const { me } = useAuth();
  const notify = useNotify();
  const [xml, setXml] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<SavedDecisionVersion[]>();
  // One key per content: a retry of the same XML after a network error cannot import twice.
  const attempt = useRef<{ xml: string; key: string }>(undefined);
  const departments = (me?.account.roles ?? []).filter((r) => r.role === 'dept_admin');
  const [owner, setOwner] = useState<string | undefined>(departments[0]?.departmentCode);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError(new ApiError(413, 'PAYLOAD_TOO_LARGE', t('decisions.fileTooLarge')));
      return;
    }
    setXml(await file.text());
    setFileName(file.name);
    setMissing(false);
    notify.announce(t('decisions.fileLoaded', { name: file.name }));
  };

  const submit = async () => {
    if (!xml.trim()) {
      setMissing(true);
      return;
    }
    if (attempt.current?.xml !== xml) attempt.current = { xml, key: newIdempotencyKey() };
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const result = await importDmn(xml, departments.length > 1 ? owner : undefined, attempt.current.key);
      setSaved(result.items);
      notify.success(t('decisions.imported', { count: result.items.length }));
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('decisions.importTitle')}</PageTitle>
      <p>
        <Link to="/admin/decisions">{t('decisions.back')}</Link>
      </p>
      <p className="tb-muted">{t('decisions.importHint')}</p>
      <Form layout="vertical" onFinish={() => void submit()} data-testid="dmn-import-form">
        <Form.Item
          label={t('decisions.chooseFile')}
          htmlFor="dmn-file"
          extra={fileName && t('decisions.fileLoaded', { name: fileName })}
        >
          <input
            id="dmn-file"
            type="file"
            accept=".dmn,.xml,application/xml,text/xml"
            onChange={(e) => void readFile(e.target.files?.[0])}
            data-testid="dmn-file"
          />
        </Form.Item>
        <Form.Item
          label={t('decisions.xml')}
          htmlFor="dmn-xml"
          validateStatus={missing ? 'error' : undefined}
          help={missing ? t('decisions.xmlRequired') : undefined}
        >
          <Input.TextArea
            id="dmn-xml"
            rows={12}
            value={xml}
            onChange={(e) => {
              setXml(e.target.value);
              setMissing(false);
            }}
            spellCheck={false}
            aria-invalid={missing}
            data-testid="dmn-xml"
          />
        </Form.Item>
        {departments.length > 1 && (
          <Form.Item label={t('decisions.ownerDepartment')} htmlFor="dmn-owner">
            <Select
              id="dmn-owner"
              value={owner}
              onChange={setOwner}
              options={departments.map((d) => ({
                value: d.departmentCode,
                label: text(d, 'departmentName'),
              }))}
            />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="dmn-import-submit">
          {t('decisions.submitImport')}
        </Button>
      </Form>
      <ErrorAlert error={error} />
      {saved && (
        <List
          className="tb-block"
          data-testid="dmn-imported"
          dataSource={saved}
          renderItem={(item) => (
            <List.Item>
              <Link to={`/admin/decisions/${encodeURIComponent(item.key)}?version=${item.version}`}>
                {item.key} · {t('decisions.versionN', { n: item.version })}
              </Link>{' '}
              <Tag color={item.created ? 'success' : undefined}>
                {item.created ? t('decisions.newVersion') : t('decisions.unchanged')}
              </Tag>
            </List.Item>
          )}
        />
      )}
    </>
  );
}
