import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Select, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { Application, Page, ServiceSummary } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';
import { applyFieldErrors } from '../features/auth/fieldErrors.ts';
import { requiredRule } from '../features/auth/rules.ts';
import { FiledList } from '../features/proxy/FiledList.tsx';
import { residentIdRule } from '../features/proxy/residentIdRule.ts';

interface CounterValues {
  serviceId: string;
  name: string;
  idNumber: string;
}

/** The citizen services of the departments where the officer holds the window role: what they may file. */
function useWindowServices(): ServiceSummary[] {
  const { me } = useAuth();
  const [services, setServices] = useState<ServiceSummary[]>([]);
  const codes = [
    ...new Set((me?.account.roles ?? []).filter((r) => r.role === 'window').map((r) => r.departmentCode)),
  ].join(',');
  useEffect(() => {
    let live = true;
    Promise.all(
      codes
        .split(',')
        .filter(Boolean)
        .map((code) =>
          api<Page<ServiceSummary>>(
            `/services?audience=citizen&department=${encodeURIComponent(code)}&limit=100`,
          ),
        ),
    )
      .then((pages) => live && setServices(pages.flatMap((p) => p.items)))
      .catch(() => live && setServices([]));
    return () => {
      live = false;
    };
  }, [codes]);
  return services;
}

/**
 * The window officer files for a citizen in front of them: the citizen's real name and ID number, and
 * the scan of the authorization form they signed (unless they gave this window a standing authorization).
 */
export default function CounterFilingPage() {
  const { t } = useTranslation();
  const { text } = useLocal();
  const navigate = useNavigate();
  const { me } = useAuth();
  const [form] = Form.useForm<CounterValues>();
  const [file, setFile] = useState<UploadFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const services = useWindowServices();
  const isWindow = (me?.account.roles ?? []).some((r) => r.role === 'window');

  const submit = async (v: CounterValues) => {
    setBusy(true);
    setError(undefined);
    const body = new FormData();
    body.append('serviceId', v.serviceId);
    body.append('name', v.name.trim());
    body.append('idNumber', v.idNumber.trim().toUpperCase());
    if (file?.originFileObj) body.append('file', file.originFileObj, file.name);
    try {
      const created = await api<Application>('/counter/applications', { method: 'POST', body });
      navigate(`/applications/${created.id}/form`);
    } catch (e) {
      if (e instanceof ApiError) {
        applyFieldErrors(form, e.fieldErrors);
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('proxy.counter.title')}</PageTitle>
      {!isWindow && (
        <Alert type="warning" showIcon className="tb-block" title={t('proxy.counter.notWindow')} />
      )}
      <Card className="tb-block">
        <ErrorAlert error={error} />
        <Form<CounterValues>
          form={form}
          layout="vertical"
          name="counter-filing"
          onFinish={(v) => void submit(v)}
          data-testid="counter-form"
        >
          <Form.Item name="serviceId" label={t('proxy.counter.service')} rules={[requiredRule(t)]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={services.map((s) => ({ value: s.id, label: `${text(s)} · ${s.code}` }))}
              data-testid="counter-service"
            />
          </Form.Item>
          <Form.Item name="name" label={t('proxy.counter.name')} rules={[requiredRule(t)]}>
            <Input maxLength={30} autoComplete="off" data-testid="counter-name" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('proxy.counter.idNumber')}
            rules={[requiredRule(t), residentIdRule]}
          >
            <Input maxLength={18} autoComplete="off" data-testid="counter-id-number" />
          </Form.Item>
          <Form.Item label={t('proxy.counter.form')} extra={t('proxy.counter.formHint')}>
            <Upload
              accept=".pdf,.jpg,.jpeg,.png"
              maxCount={1}
              fileList={file ? [file] : []}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFile(fileList.at(-1) ?? null)}
            >
              <Button icon={<UploadOutlined aria-hidden="true" />} data-testid="counter-upload">
                {t('proxy.counter.chooseFile')}
              </Button>
            </Upload>
          </Form.Item>
          <div className="tb-actions">
            <Button type="primary" htmlType="submit" loading={busy} data-testid="counter-submit">
              {t('proxy.counter.submit')}
            </Button>
          </div>
        </Form>
      </Card>
      <section className="tb-section" aria-labelledby="counter-filed">
        <Typography.Title level={2} id="counter-filed">
          {t('proxy.counter.filed')}
        </Typography.Title>
        <Card>
          <FiledList />
        </Card>
      </section>
    </>
  );
}
