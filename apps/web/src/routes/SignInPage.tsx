import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, resetCsrf } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useAuth } from '../features/auth/AuthContext.tsx';
import { applyFieldErrors } from '../features/auth/fieldErrors.ts';
import { safeReturnPath } from '../features/auth/safeReturn.ts';

interface SignInValues {
  login: string;
  password: string;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SignInValues>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { refresh } = useAuth();
  const notify = useNotify();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const returnTo = safeReturnPath(params.get('returnTo'));

  const onFinish = async (v: SignInValues) => {
    setBusy(true);
    setError(undefined);
    try {
      await api('/auth/signin', { method: 'POST', body: { login: v.login.trim(), password: v.password } });
      resetCsrf();
      const me = await refresh();
      notify.success(t('auth.signedIn'));
      navigate(returnTo ?? (me?.account.kind === 'staff' ? '/workbench' : '/applications'), {
        replace: true,
      });
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
    <div className="tb-narrow">
      <PageTitle>{t('auth.signInTitle')}</PageTitle>
      <Card>
        <ErrorAlert error={error} />
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          requiredMark="optional"
          data-testid="signin-form"
        >
          <Form.Item
            name="login"
            label={t('auth.login')}
            extra={t('auth.loginHint')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input autoComplete="username" data-testid="signin-login" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="signin-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block data-testid="signin-submit">
            {t('auth.signIn')}
          </Button>
        </Form>
        <p className="tb-form-foot">
          {t('auth.noAccount')}{' '}
          <Link to={`/signup${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`}>
            {t('auth.signUp')}
          </Link>
        </p>
      </Card>
    </div>
  );
}
