import {
  authorizationFieldMessages,
  chinaToday,
  latestValidUntil,
  validityProblems,
} from '@tongban/contracts';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  type TableColumnsType,
  Tabs,
  Tag,
} from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { AuthorizationView, Named, Page, ServiceSummary } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PagedTable } from '../components/PagedTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { applyFieldErrors } from '../features/auth/fieldErrors.ts';
import { requiredRule } from '../features/auth/rules.ts';
import { FiledList } from '../features/proxy/FiledList.tsx';
import { residentIdRule } from '../features/proxy/residentIdRule.ts';
import { currentLang } from '../i18n/index.ts';

type Tab = 'granted' | 'received' | 'filed';
const TABS: Tab[] = ['granted', 'received', 'filed'];
const RELATIONS = ['spouse', 'parent', 'child', 'relative'] as const;
const STATUS_COLOR: Record<AuthorizationView['status'], string> = {
  // Semantic colours: the theme darkens them to pass WCAG contrast (named ones like 'green' do not).
  active: 'success',
  scheduled: 'processing',
  expired: 'default',
  revoked: 'error',
};
type Department = Named & { id: string; code: string };

/** The last day of an authorization as the grantor chose it (validUntil is the instant the day ends). */
const lastDay = (validUntil: string) => chinaToday(new Date(Date.parse(validUntil) - 1));

function Period({ a }: { a: AuthorizationView }) {
  return (
    <span>
      {chinaToday(new Date(a.validFrom))} – {lastDay(a.validUntil)}
    </span>
  );
}

function ScopeText({ a, services }: { a: AuthorizationView; services: Map<string, ServiceSummary> }) {
  const { t } = useTranslation();
  const { text, en } = useLocal();
  if (a.scope === 'all') return <span>{t('proxy.scopeAll')}</span>;
  return <span>{a.scope.map((code) => text(services.get(code)) || code).join(en ? ', ' : '、')}</span>;
}

/** Who the authorization is for, as the grantor reads it. */
function Who({ a }: { a: AuthorizationView }) {
  const { t } = useTranslation();
  const { text } = useLocal();
  if (a.kind === 'family' && a.proxy)
    return (
      <span>
        {t('proxy.familyFiler', {
          name: a.proxy.name,
          relation: a.relation ? t(`proxy.relation.${a.relation}`) : '',
        })}{' '}
        {a.proxy.idNumberMasked}
      </span>
    );
  const dept = text(a.department);
  if (a.kind === 'counter')
    return <span>{t('proxy.counterWho', { department: dept, officer: a.recordedBy ?? '' })}</span>;
  return <span>{t('proxy.windowWho', { department: dept })}</span>;
}

/** What an authorization covers, for how long, and whether it is in force: both lists show them alike. */
function termsColumns(
  t: TFunction,
  services: Map<string, ServiceSummary>,
): TableColumnsType<AuthorizationView> {
  return [
    { title: t('proxy.scope'), key: 'scope', render: (_, a) => <ScopeText a={a} services={services} /> },
    { title: t('proxy.period'), key: 'period', render: (_, a) => <Period a={a} /> },
    {
      title: t('proxy.statusLabel'),
      key: 'status',
      render: (_, a) => <Tag color={STATUS_COLOR[a.status]}>{t(`proxy.status.${a.status}`)}</Tag>,
    },
  ];
}

function useCitizenServices() {
  const list = useApi<Page<ServiceSummary>>('/services?audience=citizen&limit=100');
  return list.data?.items ?? [];
}

/** One rule for both dates: the very checks the server applies, live. */
function validityRule(field: 'validFrom' | 'validUntil'): Rule {
  return ({ getFieldValue }) => ({
    validator: async () => {
      const from = getFieldValue('validFrom') as Dayjs | undefined;
      const until = getFieldValue('validUntil') as Dayjs | undefined;
      if (!from || !until) return;
      const problem = validityProblems(
        { validFrom: from.format('YYYY-MM-DD'), validUntil: until.format('YYYY-MM-DD') },
        chinaToday(new Date()),
      ).find((p) => p.pointer === `/${field}`);
      if (problem) {
        const msg = authorizationFieldMessages[problem.code][currentLang()];
        throw new Error(msg.replace('{latest}', problem.params?.latest ?? ''));
      }
    },
  });
}

interface GrantValues {
  proxyName?: string;
  proxyIdNumber?: string;
  relation?: string;
  departmentId?: string;
  scopeKind: 'all' | 'items';
  items?: string[];
  validFrom: Dayjs;
  validUntil: Dayjs;
}

function GrantDialog({
  kind,
  onClose,
  onGranted,
}: {
  kind: 'family' | 'window';
  onClose: () => void;
  onGranted: () => void;
}) {
  const { t } = useTranslation();
  const { text } = useLocal();
  const notify = useNotify();
  const [form] = Form.useForm<GrantValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const services = useCitizenServices();
  const departments = useApi<Page<Department>>(kind === 'window' ? '/departments?limit=100' : null);
  const departmentId = Form.useWatch('departmentId', form);
  const scopeKind = Form.useWatch('scopeKind', form);
  const dept = departments.data?.items.find((d) => d.id === departmentId);
  const offered = kind === 'window' ? services.filter((s) => s.departmentCode === dept?.code) : services;

  const submit = async (v: GrantValues) => {
    setBusy(true);
    setError(undefined);
    const period = {
      validFrom: v.validFrom.format('YYYY-MM-DD'),
      validUntil: v.validUntil.format('YYYY-MM-DD'),
    };
    const scope = v.scopeKind === 'all' ? 'all' : (v.items ?? []);
    const body =
      kind === 'family'
        ? {
            proxyName: v.proxyName?.trim(),
            proxyIdNumber: v.proxyIdNumber?.trim().toUpperCase(),
            relation: v.relation,
            scope,
            ...period,
          }
        : { departmentId: v.departmentId, scope, ...period };
    try {
      await api(`/me/authorizations/${kind}`, { method: 'POST', body });
      notify.success(t('proxy.grantedToast'));
      onGranted();
    } catch (e) {
      if (e instanceof ApiError) {
        // Scope entries are answered by position; the form has one field for them.
        const errors = e.fieldErrors.map((fe) =>
          fe.pointer.startsWith('/scope') ? { ...fe, pointer: '/items' } : fe,
        );
        applyFieldErrors(form, errors);
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const today = dayjs(chinaToday(new Date()));
  return (
    <Modal
      open
      title={t(kind === 'family' ? 'proxy.grantFamily' : 'proxy.grantWindow')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('proxy.grantSubmit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'grant-submit' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form<GrantValues>
        form={form}
        layout="vertical"
        name={`grant-${kind}`}
        onFinish={(v) => void submit(v)}
        initialValues={{ scopeKind: 'all', validFrom: today, validUntil: today.add(6, 'month') }}
      >
        {kind === 'family' ? (
          <>
            <Form.Item name="proxyName" label={t('proxy.proxyName')} rules={[requiredRule(t)]}>
              <Input maxLength={30} data-testid="grant-proxy-name" />
            </Form.Item>
            <Form.Item
              name="proxyIdNumber"
              label={t('proxy.proxyIdNumber')}
              extra={t('proxy.proxyIdNumberHint')}
              rules={[requiredRule(t), residentIdRule]}
            >
              <Input maxLength={18} data-testid="grant-proxy-id" />
            </Form.Item>
            <Form.Item name="relation" label={t('proxy.relationLabel')} rules={[requiredRule(t)]}>
              <Radio.Group
                options={RELATIONS.map((r) => ({ value: r, label: t(`proxy.relation.${r}`) }))}
                data-testid="grant-relation"
              />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="departmentId" label={t('proxy.department')} rules={[requiredRule(t)]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={departments.loading}
              options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: text(d) }))}
              data-testid="grant-department"
            />
          </Form.Item>
        )}
        <Form.Item name="scopeKind" label={t('proxy.scope')}>
          <Radio.Group
            options={[
              {
                value: 'all',
                label: kind === 'window' ? t('proxy.scopeAllOfDepartment') : t('proxy.scopeAll'),
              },
              { value: 'items', label: t('proxy.scopeItems') },
            ]}
          />
        </Form.Item>
        {scopeKind === 'items' && (
          <Form.Item
            name="items"
            label={t('proxy.scopeItemsLabel')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={offered.map((s) => ({ value: s.code, label: `${text(s)} · ${s.code}` }))}
              data-testid="grant-items"
            />
          </Form.Item>
        )}
        <Form.Item
          name="validFrom"
          label={t('proxy.validFrom')}
          dependencies={['validUntil']}
          rules={[{ required: true, message: t('validation.required') }, validityRule('validFrom')]}
        >
          <DatePicker disabledDate={(d) => d.isBefore(today, 'day')} />
        </Form.Item>
        <Form.Item
          name="validUntil"
          label={t('proxy.validUntil')}
          extra={t('proxy.validUntilHint')}
          dependencies={['validFrom']}
          rules={[{ required: true, message: t('validation.required') }, validityRule('validUntil')]}
        >
          <DatePicker
            disabledDate={(d) => {
              const from = form.getFieldValue('validFrom') as Dayjs | undefined;
              return !!from && d.isAfter(dayjs(latestValidUntil(from.format('YYYY-MM-DD'))), 'day');
            }}
          />
        </Form.Item>
        <Alert type="info" showIcon title={t(kind === 'family' ? 'proxy.familyNote' : 'proxy.windowNote')} />
      </Form>
    </Modal>
  );
}

function GrantedList() {
  const { t } = useTranslation();
  const notify = useNotify();
  const list = usePagedApi<AuthorizationView>('/me/authorizations?direction=granted', 20);
  const services = new Map(useCitizenServices().map((s) => [s.code, s]));
  const [dialog, setDialog] = useState<'family' | 'window' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const revoke = async (a: AuthorizationView) => {
    setBusy(a.id);
    try {
      await api(`/me/authorizations/${a.id}/revoke`, { method: 'POST' });
      notify.success(t('proxy.revokedToast'));
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) notify.error(e.message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div className="tb-actions">
        <Button type="primary" onClick={() => setDialog('family')} data-testid="grant-family">
          {t('proxy.grantFamily')}
        </Button>
        <Button onClick={() => setDialog('window')} data-testid="grant-window">
          {t('proxy.grantWindow')}
        </Button>
      </div>
      <PagedTable<AuthorizationView>
        list={list}
        testId="authorizations-granted"
        empty={t('proxy.noneGranted')}
        columns={[
          { title: t('proxy.who'), key: 'who', render: (_, a) => <Who a={a} /> },
          { title: t('proxy.kindLabel'), key: 'kind', render: (_, a) => t(`proxy.kind.${a.kind}`) },
          ...termsColumns(t, services),
          {
            title: t('applications.actions'),
            key: 'actions',
            render: (_, a) => (
              <span className="tb-actions">
                {a.caseId && <Link to={`/applications/${a.caseId}`}>{t('proxy.theCase')}</Link>}{' '}
                {a.hasForm && (
                  <a href={`/api/v1/me/authorizations/${a.id}/form`} download>
                    {t('proxy.signedForm')}
                  </a>
                )}{' '}
                {(a.status === 'active' || a.status === 'scheduled') && (
                  <Popconfirm
                    title={t('proxy.revokeConfirm')}
                    description={t('proxy.revokeHint')}
                    okText={t('proxy.revoke')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => revoke(a)}
                  >
                    <Button size="small" danger loading={busy === a.id} data-testid={`revoke-${a.id}`}>
                      {t('proxy.revoke')}
                    </Button>
                  </Popconfirm>
                )}
              </span>
            ),
          },
        ]}
      />
      {dialog && (
        <GrantDialog
          kind={dialog}
          onClose={() => setDialog(null)}
          onGranted={() => {
            setDialog(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function ReceivedList() {
  const { t } = useTranslation();
  const list = usePagedApi<AuthorizationView>('/me/authorizations?direction=received', 20);
  const services = new Map(useCitizenServices().map((s) => [s.code, s]));
  return (
    <>
      <Alert type="info" showIcon className="tb-block" title={t('proxy.receivedHint')} />
      <PagedTable<AuthorizationView>
        list={list}
        testId="authorizations-received"
        empty={t('proxy.noneReceived')}
        columns={[
          {
            title: t('proxy.grantor'),
            key: 'grantor',
            render: (_, a) =>
              a.relation
                ? t('proxy.familyFiler', {
                    name: a.grantor.name,
                    relation: t(`proxy.relation.${a.relation}`),
                  })
                : a.grantor.name,
          },
          ...termsColumns(t, services),
          {
            title: t('applications.actions'),
            key: 'actions',
            render: (_, a) =>
              a.status === 'active' ? <Link to="/services">{t('proxy.fileForThem')}</Link> : null,
          },
        ]}
      />
    </>
  );
}

export default function AuthorizationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const current = (TABS as string[]).includes(params.get('direction') ?? '')
    ? (params.get('direction') as Tab)
    : 'granted';
  return (
    <>
      <PageTitle>{t('proxy.title')}</PageTitle>
      <Card>
        <Tabs
          activeKey={current}
          onChange={(k) => setParams({ direction: k }, { replace: true })}
          destroyOnHidden
          items={TABS.map((k) => ({
            key: k,
            label: <span data-testid={`authorizations-tab-${k}`}>{t(`proxy.tabs.${k}`)}</span>,
            children: k === 'granted' ? <GrantedList /> : k === 'received' ? <ReceivedList /> : <FiledList />,
          }))}
        />
      </Card>
    </>
  );
}
