import { Button, Card, Form, Input, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, resetCsrf } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useAuth } from '../features/auth/AuthContext.tsx';
import { applyFieldErrors } from '../features/auth/fieldErrors.ts';
import { fieldRules, requiredRule } from '../features/auth/rules.ts';
import { safeReturnPath } from '../features/auth/safeReturn.ts';

type Kind = 'citizen' | 'enterprise';

function PasswordFields({ prefix }: { prefix: Kind }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="password"
        label={t('auth.password')}
        extra={t('auth.passwordHint')}
        rules={fieldRules(t, prefix, 'password')}
        hasFeedback
      >
        <Input.Password autoComplete="new-password" data-testid={`signup-${prefix}-password`} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.confirmPassword')}
        dependencies={['password']}
        hasFeedback
        rules={[
          requiredRule(t),
          ({ getFieldValue }) => ({
            validator: async (_, v) => {
              if (v && v !== getFieldValue('password')) throw new Error(t('validation.passwordMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={`signup-${prefix}-confirm`} />
      </Form.Item>
    </>
  );
}

function SignUpForm({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { refresh } = useAuth();
  const notify = useNotify();

  const onFinish = async (values: Record<string, string>) => {
    const { confirm: _confirm, ...raw } = values;
    const body = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, k === 'password' ? v : v?.trim()]),
    );
    if (body.idNumber) body.idNumber = body.idNumber.toUpperCase();
    if (body.creditCode) body.creditCode = body.creditCode.toUpperCase();
    setBusy(true);
    setError(undefined);
    try {
      await api(`/auth/signup/${kind}`, { method: 'POST', body });
      const login = kind === 'citizen' ? body.idNumber : body.creditCode;
      // Sign-up may or may not open a session; signing in makes the next step certain.
      await api('/auth/signin', { method: 'POST', body: { login, password: body.password } });
      resetCsrf();
      await refresh();
      notify.success(t('auth.signedUp'));
      navigate(safeReturnPath(params.get('returnTo')) ?? '/', { replace: true });
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
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      validateTrigger={['onChange', 'onBlur']}
      data-testid={`signup-${kind}-form`}
      name={`signup-${kind}`}
    >
      <ErrorAlert error={error} />
      {kind === 'citizen' ? (
        <>
          <Form.Item name="name" label={t('auth.name')} rules={fieldRules(t, kind, 'name')}>
            <Input autoComplete="name" data-testid="signup-citizen-name" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('auth.idNumber')}
            extra={t('auth.idNumberHint')}
            rules={fieldRules(t, kind, 'idNumber')}
            hasFeedback
          >
            <Input maxLength={18} data-testid="signup-citizen-idNumber" />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item
            name="companyName"
            label={t('auth.companyName')}
            rules={fieldRules(t, kind, 'companyName')}
          >
            <Input autoComplete="organization" data-testid="signup-enterprise-companyName" />
          </Form.Item>
          <Form.Item
            name="creditCode"
            label={t('auth.creditCode')}
            extra={t('auth.creditCodeHint')}
            rules={fieldRules(t, kind, 'creditCode')}
            hasFeedback
          >
            <Input maxLength={18} data-testid="signup-enterprise-creditCode" />
          </Form.Item>
          <Form.Item
            name="legalRepName"
            label={t('auth.legalRepName')}
            rules={fieldRules(t, kind, 'legalRepName')}
          >
            <Input data-testid="signup-enterprise-legalRepName" />
          </Form.Item>
        </>
      )}
      <Form.Item name="phone" label={t('auth.phone')} rules={fieldRules(t, kind, 'phone')} hasFeedback>
        <Input type="tel" autoComplete="tel" maxLength={11} data-testid={`signup-${kind}-phone`} />
      </Form.Item>
      <PasswordFields prefix={kind} />
      <Button type="primary" htmlType="submit" loading={busy} block data-testid={`signup-${kind}-submit`}>
        {t('auth.signUp')}
      </Button>
    </Form>
  );
}

export default function SignUpPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const returnTo = safeReturnPath(params.get('returnTo'));
  return (
    <div className="tb-narrow">
      <PageTitle>{t('auth.signUpTitle')}</PageTitle>
      <Card>
        <Tabs
          items={[
            {
              key: 'citizen',
              label: <span data-testid="signup-tab-citizen">{t('auth.citizenTab')}</span>,
              children: <SignUpForm kind="citizen" />,
            },
            {
              key: 'enterprise',
              label: <span data-testid="signup-tab-enterprise">{t('auth.enterpriseTab')}</span>,
              children: <SignUpForm kind="enterprise" />,
            },
          ]}
        />
        <p className="tb-form-foot">
          {t('auth.haveAccount')}{' '}
          <Link to={`/signin${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`}>
            {t('auth.signIn')}
          </Link>
        </p>
      </Card>
    </div>
  );
}
