import { DownOutlined, GlobalOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, type MenuProps } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { setUnauthenticatedHandler } from '../api/client.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';
import { signInPath } from '../features/auth/RequireAuth.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { useNotify } from './LiveRegion.tsx';
import { SearchBox } from './SearchBox.tsx';

function LanguageSwitch() {
  const { i18n } = useTranslation();
  const toEn = i18n.language !== 'en';
  return (
    <Button
      type="text"
      className="tb-header-btn"
      icon={<GlobalOutlined aria-hidden="true" />}
      onClick={() => void i18n.changeLanguage(toEn ? 'en' : 'zh-CN')}
      lang={toEn ? 'en' : 'zh-CN'}
      data-testid="language-switch"
    >
      {toEn ? 'English' : '中文'}
    </Button>
  );
}

function AccountMenu() {
  const { t } = useTranslation();
  const { me, isStaff, signOut } = useAuth();
  const navigate = useNavigate();
  const notify = useNotify();
  const loc = useLocation();
  if (!me) {
    return (
      <span className="tb-header-account">
        <Link to={signInPath(loc.pathname + loc.search)} className="tb-header-link" data-testid="nav-signin">
          {t('nav.signIn')}
        </Link>
        <Link to="/signup" className="tb-header-link" data-testid="nav-signup">
          {t('nav.signUp')}
        </Link>
      </span>
    );
  }
  const items: MenuProps['items'] = [
    ...(isStaff ? [{ key: 'workbench', label: <Link to="/workbench">{t('nav.workbench')}</Link> }] : []),
    ...(me.account.roles.some((r) => r.role === 'dept_admin')
      ? [{ key: 'calendar', label: <Link to="/workbench/calendar">{t('calendar.title')}</Link> }]
      : []),
    ...(isStaff
      ? [{ key: 'decisions', label: <Link to="/admin/decisions">{t('nav.decisions')}</Link> }]
      : []),
    ...(me.account.roles.some((r) => r.role === 'dept_admin')
      ? [{ key: 'trustKeys', label: <Link to="/admin/trust/keys">{t('nav.trustKeys')}</Link> }]
      : []),
    ...(me.account.roles.some((r) => r.role === 'dept_admin')
      ? [{ key: 'exchange', label: <Link to="/admin/exchange">{t('exchange.nav')}</Link> }]
      : []),
    ...(me.account.roles.some((r) => r.role === 'window')
      ? [{ key: 'counter', label: <Link to="/workbench/counter">{t('proxy.counter.nav')}</Link> }]
      : []),
    { key: 'applications', label: <Link to="/applications">{t('nav.myApplications')}</Link> },
    ...(!isStaff ? [{ key: 'licences', label: <Link to="/me/licences">{t('nav.myLicences')}</Link> }] : []),
    ...(!isStaff ? [{ key: 'consents', label: <Link to="/me/consents">{t('consent.nav')}</Link> }] : []),
    ...(!isStaff ? [{ key: 'dataUsage', label: <Link to="/me/data-usage">{t('dataUsage.nav')}</Link> }] : []),
    ...(me.account.kind === 'citizen'
      ? [{ key: 'authorizations', label: <Link to="/me/authorizations">{t('proxy.nav')}</Link> }]
      : []),
    { type: 'divider' as const },
    {
      key: 'signout',
      label: <span data-testid="nav-signout">{t('nav.signOut')}</span>,
      onClick: async () => {
        await signOut();
        notify.info(t('auth.signedOut'));
        navigate('/');
      },
    },
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button
        type="text"
        className="tb-header-btn"
        data-testid="account-menu"
        aria-label={t('nav.accountMenu', { name: me.account.name })}
      >
        <UserOutlined aria-hidden="true" />
        <span className="tb-account-name">{me.account.name}</span>
        <DownOutlined aria-hidden="true" />
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const loc = useLocation();
  const mainRef = useRef<HTMLElement>(null);

  // A 401 anywhere sends the user to sign-in and back to where they were.
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      const here = window.location.pathname + window.location.search;
      if (!here.startsWith('/signin')) navigate(signInPath(here), { replace: true });
    });
    return () => setUnauthenticatedHandler(null);
  }, [navigate]);

  // Move focus to the page after client-side navigation so keyboard and screen-reader users start there
  // (not on the first load: the browser already starts at the top, where the skip link is).
  const shownPath = useRef(loc.pathname);
  useEffect(() => {
    if (shownPath.current === loc.pathname) return;
    shownPath.current = loc.pathname;
    mainRef.current?.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }, [loc.pathname]);

  return (
    <div className="tb-app">
      <a href="#main" className="tb-skip-link">
        {t('nav.skipToContent')}
      </a>
      <header className="tb-header">
        <div className="tb-header-inner">
          <Link to="/" className="tb-logo" data-testid="logo">
            <span className="tb-logo-mark" aria-hidden="true">
              通
            </span>
            <span>
              <span lang="zh-CN">通办</span> <span lang="en">Tongban</span>
            </span>
          </Link>
          <div className="tb-header-search">
            <SearchBox testId="header-search" />
          </div>
          <nav className="tb-header-nav" aria-label={t('nav.label')}>
            <LanguageSwitch />
            <NotificationBell />
            <AccountMenu />
          </nav>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="tb-main">
        <Outlet />
      </main>
      <footer className="tb-footer">
        <p>{t('app.footer')}</p>
        <p>
          <Link to="/verify" data-testid="footer-verify">
            {t('nav.verifyLicence')}
          </Link>
        </p>
      </footer>
    </div>
  );
}
