import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, useEffect, useMemo } from 'react';
import { createBrowserRouter, type RouteObject, RouterProvider } from 'react-router';
import { MENU } from '@anju/contracts';
import { ApiError } from './api.ts';
import { AuthProvider } from './auth.tsx';
import { FullPageSpin, RequireAuth, RequireMenu } from './guard.tsx';
import { I18nProvider, useI18n } from './i18n.tsx';
import { LoginPage } from './LoginPage.tsx';
import { ComingSoonPage, NotFoundPage, RouteErrorPage } from './NotFoundPage.tsx';
import { FEATURE_ROUTES, STANDALONE_ROUTES } from './routes.tsx';
import { Shell } from './Shell.tsx';
import { dayjs } from './time.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Reads of personal data are audited: refetch on purpose, not on every window focus.
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

/** One route per MENU entry, plus its sub-pages; an entry whose page is not written yet says so. */
function featureRoutes(): RouteObject[] {
  return MENU.flatMap((item) => {
    const feature = FEATURE_ROUTES[item.key];
    if (!feature) {
      return [
        {
          path: item.path,
          element: (
            <RequireMenu item={item}>
              <ComingSoonPage />
            </RequireMenu>
          ),
        },
      ];
    }
    const Page = feature.page;
    const base = item.path.replace(/\/$/, '');
    return [
      {
        path: item.path,
        element: (
          <RequireMenu item={item}>
            <Page />
          </RequireMenu>
        ),
      },
      ...(feature.children ?? []).map(({ path, page: Child }) => ({
        path: `${base}/${path}`,
        element: (
          <RequireMenu item={item}>
            <Child />
          </RequireMenu>
        ),
      })),
    ];
  });
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  ...STANDALONE_ROUTES.map(({ path, page: Page }) => ({
    path,
    element: (
      <Suspense fallback={<FullPageSpin />}>
        <Page />
      </Suspense>
    ),
    errorElement: <RouteErrorPage />,
  })),
  {
    element: (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [...featureRoutes(), { path: '*', element: <NotFoundPage /> }],
      },
    ],
  },
]);

const THEME = {
  token: {
    colorPrimary: '#1a56b8',
    borderRadius: 6,
  },
  components: {
    Layout: { headerBg: '#0b2a5e', siderBg: '#ffffff', bodyBg: '#f0f2f5' },
    Menu: { itemSelectedBg: '#e8f0fe', itemSelectedColor: '#1a56b8' },
  },
};

function LocalizedApp() {
  const { lang, t } = useI18n();
  const locale = lang === 'en' ? enUS : zhCN;
  const dayjsLocale = lang === 'en' ? 'en' : 'zh-cn';
  // Set before children render so date pickers and formats follow the language at once.
  useMemo(() => dayjs.locale(dayjsLocale), [dayjsLocale]);
  useEffect(() => {
    document.title = t('app.name');
  }, [t]);
  return (
    <ConfigProvider locale={locale} theme={THEME}>
      <AntApp>
        <AuthProvider>
          <Suspense>
            <RouterProvider router={router} />
          </Suspense>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function Root() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <LocalizedApp />
      </I18nProvider>
    </QueryClientProvider>
  );
}
