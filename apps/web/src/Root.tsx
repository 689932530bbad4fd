import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { NotifyProvider } from './components/LiveRegion.tsx';
import { AuthProvider } from './features/auth/AuthContext.tsx';
import { router } from './routes/router.tsx';
import { theme } from './theme.ts';

export function Root() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  useEffect(() => {
    dayjs.locale(en ? 'en' : 'zh-cn');
  }, [en]);
  return (
    <ConfigProvider locale={en ? enUS : zhCN} theme={theme}>
      <AntApp message={{ maxCount: 2 }}>
        <NotifyProvider>
          <AuthProvider>
            <RouterProvider router={router} />
          </AuthProvider>
        </NotifyProvider>
      </AntApp>
    </ConfigProvider>
  );
}
