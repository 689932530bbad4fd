import type { ClientView, DatasetView, TrafficItem } from '@tongban/contracts';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PagedTable } from '../components/PagedTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';
import { parseJwks, registerClient, replaceJwks, setClientEnabled } from '../features/exchange/api.ts';

interface NewClient {
  clientId: string;
  nameZh: string;
  nameEn: string;
  jwks: string;
}

/**
 * The exchange gateway for a department administrator: the department's datasets (purposes, legal
 * bases, fields), its client systems (register with a public JWKS, replace keys, disable) and its traffic.
 */
export default function ExchangeAdminPage() {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const notify = useNotify();
  const { me } = useAuth();
  const departments = [
    ...new Set((me?.account.roles ?? []).filter((r) => r.role === 'dept_admin').map((r) => r.departmentId)),
  ];
  const [chosen, setChosen] = useState<string>();
  const dept = chosen ?? departments[0] ?? '';
  const q = `departmentId=${encodeURIComponent(dept)}`;
  const datasets = useApi<{ items: DatasetView[] }>(dept ? `/exchange/datasets?${q}` : null);
  const clients = useApi<{ items: ClientView[] }>(dept ? `/admin/exchange/clients?${q}` : null);
  const traffic = usePagedApi<TrafficItem>(`/admin/exchange/traffic?${q}`);
  const [form] = Form.useForm<NewClient>();
  const [keysFor, setKeysFor] = useState<ClientView | null>(null);
  const [keysText, setKeysText] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  if (!departments.length) return <Alert type="warning" showIcon title={t('exchange.notAdmin')} />;

  const run = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      notify.success(done);
      clients.reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const register = async (v: NewClient) => {
    const jwks = parseJwks(v.jwks);
    if (!jwks) return form.setFields([{ name: 'jwks', errors: [t('exchange.jwksInvalid')] }]);
    const ok = await run(
      () =>
        registerClient({
          clientId: v.clientId,
          nameZh: v.nameZh,
          nameEn: v.nameEn,
          departmentId: dept,
          jwks,
        }),
      t('exchange.registered', { clientId: v.clientId }),
    );
    if (ok) form.resetFields();
  };

  const saveKeys = async () => {
    const jwks = parseJwks(keysText);
    if (!keysFor || !jwks)
      return setError(new ApiError(400, 'EXCHANGE_JWKS_INVALID', t('exchange.jwksInvalid')));
    if (
      await run(
        () => replaceJwks(keysFor.id, jwks),
        t('exchange.keysReplaced', { clientId: keysFor.clientId }),
      )
    )
      setKeysFor(null);
  };

  const datasetTab = (
    <Table<DatasetView>
      rowKey="code"
      loading={datasets.loading}
      dataSource={datasets.data?.items ?? []}
      pagination={false}
      scroll={{ x: true }}
      data-testid="exchange-datasets"
      columns={[
        { title: t('exchange.dataset'), key: 'name', render: (_, d) => `${text(d)} (${d.code})` },
        {
          title: t('exchange.datasetStatus'),
          key: 'status',
          render: (_, d) => (
            <Tag color={d.status === 'published' ? 'success' : 'default'}>
              {t(`exchange.datasetStatuses.${d.status}`)} · v{d.version}
            </Tag>
          ),
        },
        {
          title: t('exchange.fields'),
          key: 'fields',
          render: (_, d) => d.fields.map((f) => text(f, 'label')).join('、'),
        },
        {
          title: t('exchange.purposes'),
          key: 'purposes',
          render: (_, d) =>
            d.purposes.map((p) => (
              <div key={p.code}>
                {text(p)}{' '}
                {p.legalBases.length ? (
                  <Tag color="blue">{p.legalBases.map((b) => text(b, 'statute')).join('；')}</Tag>
                ) : (
                  <Tag color="purple">{t('exchange.consentOnly')}</Tag>
                )}
              </div>
            )),
        },
        {
          title: t('exchange.handler'),
          key: 'handler',
          render: (_, d) =>
            d.handler.kind === 'internal' ? d.handler.name : `${d.handler.baseUrl}${d.handler.operationPath}`,
        },
      ]}
    />
  );

  const clientsTab = (
    <>
      <Table<ClientView>
        rowKey="id"
        loading={clients.loading}
        dataSource={clients.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        data-testid="exchange-clients"
        columns={[
          { title: t('exchange.clientId'), dataIndex: 'clientId' },
          { title: t('exchange.clientName'), key: 'name', render: (_, c) => text(c) },
          {
            title: t('exchange.keys'),
            key: 'keys',
            render: (_, c) => c.jwks.keys.map((k) => String(k.kid ?? k.kty)).join(', '),
          },
          {
            title: t('exchange.status'),
            key: 'status',
            render: (_, c) => (
              <Tag color={c.status === 'active' ? 'success' : 'default'}>
                {t(`exchange.clientStatus.${c.status}`)}
              </Tag>
            ),
          },
          {
            title: t('exchange.actions'),
            key: 'actions',
            render: (_, c) => (
              <Space wrap>
                <Button
                  size="small"
                  onClick={() => {
                    setKeysFor(c);
                    setKeysText(JSON.stringify(c.jwks, null, 2));
                  }}
                >
                  {t('exchange.replaceKeys')}
                </Button>
                <Button
                  size="small"
                  danger={c.status === 'active'}
                  disabled={busy}
                  onClick={() =>
                    void run(
                      () => setClientEnabled(c.id, c.status !== 'active'),
                      t(c.status === 'active' ? 'exchange.disabled' : 'exchange.enabled', {
                        clientId: c.clientId,
                      }),
                    )
                  }
                >
                  {t(c.status === 'active' ? 'exchange.disable' : 'exchange.enable')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Title level={2}>{t('exchange.register')}</Typography.Title>
      <Form<NewClient>
        form={form}
        layout="vertical"
        onFinish={(v) => void register(v)}
        style={{ maxWidth: 640 }}
      >
        <Form.Item
          name="clientId"
          label={t('exchange.clientId')}
          extra={t('exchange.clientIdHint')}
          rules={[
            { required: true, pattern: /^[a-z0-9][a-z0-9.-]{2,62}$/, message: t('exchange.clientIdHint') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('exchange.nameZh')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('exchange.nameEn')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="jwks"
          label={t('exchange.jwks')}
          extra={t('exchange.jwksHint')}
          rules={[{ required: true }]}
        >
          <Input.TextArea rows={6} spellCheck={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('exchange.register')}
        </Button>
      </Form>
    </>
  );

  const trafficTab = (
    <PagedTable<TrafficItem>
      list={traffic}
      testId="exchange-traffic"
      empty={t('exchange.noTraffic')}
      columns={[
        { title: t('exchange.when'), key: 'at', render: (_, r) => dateTime(r.at) },
        {
          title: t('exchange.direction'),
          key: 'dir',
          render: (_, r) => t(`exchange.directions.${r.direction}`),
        },
        {
          title: t('exchange.client'),
          key: 'client',
          render: (_, r) => `${text(r, 'clientName')} (${r.clientId})`,
        },
        { title: t('exchange.dataset'), dataIndex: 'dataset' },
        { title: t('exchange.purpose'), dataIndex: 'purpose' },
        { title: t('exchange.fields'), key: 'fields', render: (_, r) => r.fields.join(', ') },
        {
          title: t('exchange.outcome'),
          key: 'outcome',
          render: (_, r) =>
            r.outcome === 'allowed' ? (
              <Tag color="success">{t(`exchange.basis.${r.basis ?? 'legal'}`)}</Tag>
            ) : (
              <Tag color="error">{r.refusalCode}</Tag>
            ),
        },
      ]}
    />
  );

  return (
    <>
      <PageTitle>{t('exchange.title')}</PageTitle>
      <Typography.Paragraph>{t('exchange.intro')}</Typography.Paragraph>
      {departments.length > 1 && (
        <Select
          className="tb-block"
          aria-label={t('exchange.department')}
          value={dept}
          onChange={setChosen}
          style={{ minWidth: 240 }}
          options={departments.map((d) => ({ value: d, label: d }))}
        />
      )}
      <ErrorAlert error={error ?? datasets.error ?? clients.error} />
      <Tabs
        items={[
          { key: 'datasets', label: t('exchange.datasets'), children: datasetTab },
          { key: 'clients', label: t('exchange.clients'), children: clientsTab },
          { key: 'traffic', label: t('exchange.traffic'), children: trafficTab },
        ]}
      />
      <Modal
        open={keysFor !== null}
        title={t('exchange.replaceKeysFor', { clientId: keysFor?.clientId ?? '' })}
        onOk={() => void saveKeys()}
        onCancel={() => setKeysFor(null)}
        okText={t('exchange.saveKeys')}
        okButtonProps={{ loading: busy }}
        cancelText={t('common.cancel')}
      >
        <label htmlFor="exchange-jwks-edit">{t('exchange.jwks')}</label>
        <Input.TextArea
          id="exchange-jwks-edit"
          rows={10}
          spellCheck={false}
          value={keysText}
          onChange={(e) => setKeysText(e.target.value)}
        />
      </Modal>
    </>
  );
}
