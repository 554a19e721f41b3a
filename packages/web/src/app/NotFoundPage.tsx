import { Button, Result } from 'antd';
import { useNavigate, useRouteError } from 'react-router';
import { errorMessage } from './api.ts';
import { useI18n } from './i18n.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound.message')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('notFound.home')}
        </Button>
      }
    />
  );
}

/** Shown when a page throws or its code cannot be loaded (e.g. after a new release). */
export function RouteErrorPage() {
  const { t } = useI18n();
  const error = useRouteError();
  return (
    <Result
      status="error"
      title={t('error.pageFailed')}
      subTitle={errorMessage(error)}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}

/** A MENU entry whose console page has not been registered in routes.tsx yet. */
export function ComingSoonPage() {
  const { t } = useI18n();
  return <Result status="info" title={t('common.comingSoon')} subTitle={t('common.comingSoonHint')} />;
}
