import { App, Button, Result, Spin } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { can, homePathFor, type MenuItem, type Role } from '@anju/contracts';
import { useAuth } from './auth.tsx';
import { useI18n } from './i18n.tsx';

/** Where a role lands: its own home (a mediator's cases), else its first menu entry. */
export function homePath(role: Role): string {
  return homePathFor(role);
}

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** Signed-out visitors go to the login page, which brings them back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, error, retry } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  if (me === undefined && error) {
    return (
      <Result
        status="500"
        title={t('error.serverUnavailable')}
        subTitle={error.message}
        extra={
          <Button type="primary" onClick={retry}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (me === undefined) return <FullPageSpin />;
  if (me === null) {
    const next = `${location.pathname}${location.search}`;
    const to = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  // A password an administrator set: the server answers nothing else until it is changed.
  if (me.user.mustChangePassword && location.pathname !== PASSWORD_PAGE) {
    return <Navigate to={PASSWORD_PAGE} replace />;
  }
  return <>{children}</>;
}

/** Where a user who must change their password is sent (and kept). */
export const PASSWORD_PAGE = '/account';

/** A page of a MENU entry: shown only to roles holding the entry's permission. */
export function RequireMenu({ item, children }: { item: MenuItem; children: ReactNode }) {
  const { me } = useAuth();
  const { t } = useI18n();
  const { message } = App.useApp();
  const allowed = !!me && can(me.user.role, item.permission);
  const quietlyRedirect = item.path === '/';

  useEffect(() => {
    // Landing on "/" without a dashboard (residents) is normal; anything else is worth a word.
    if (me && !allowed && !quietlyRedirect) message.warning(t('error.noAccessRedirected'));
  }, [me, allowed, quietlyRedirect, message, t]);

  if (!me) return null;
  if (!allowed) return <Navigate to={homePath(me.user.role)} replace />;
  return <>{children}</>;
}
