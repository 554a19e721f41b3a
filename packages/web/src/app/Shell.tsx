import {
  EnvironmentOutlined,
  GlobalOutlined,
  KeyOutlined,
  LogoutOutlined,
  SafetyCertificateFilled,
  UserOutlined,
} from '@ant-design/icons';
import {
  App,
  Avatar,
  Breadcrumb,
  Button,
  Dropdown,
  Grid,
  Layout,
  Menu,
  Space,
  Spin,
  Tag,
  Typography,
  Watermark,
} from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { menuFor } from '@anju/contracts';
import { errorMessage } from './api.ts';
import { useMe, useAuth } from './auth.tsx';
import { PASSWORD_PAGE } from './guard.tsx';
import { useI18n } from './i18n.tsx';
import { groupMenu, menuItemOfPath, menuProps } from './menu.tsx';
import { nowInZone } from './time.ts';
import './shell.css';

const { Header, Sider, Content, Footer } = Layout;

export function Shell() {
  const me = useMe();
  const { logout } = useAuth();
  const { t, tr, lang, setLang, roleLabel } = useI18n();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const phone = Grid.useBreakpoint().md === false;

  const mustChange = me.user.mustChangePassword;
  // Until the password is changed only the account page works (the server refuses the rest).
  const items = useMemo(
    () => menuFor(me.user.role).filter((i) => !mustChange || i.path === PASSWORD_PAGE),
    [me.user.role, mustChange],
  );
  const entries = useMemo(() => groupMenu(items, tr), [items, tr]);
  const current = menuItemOfPath(items, location.pathname);
  const currentGroup = entries.flatMap((e) =>
    e.kind === 'group' && current && e.group.items.includes(current) ? [e.group] : [],
  )[0];
  const site = me.sites[0];
  const anyDemo = me.sites.some((s) => s.isDemo);

  const onLogout = async () => {
    try {
      await logout();
      navigate('/login', { replace: true });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Layout className="anju-shell">
      <Header className="anju-header">
        <Link to="/" className="anju-brand" aria-label={t('app.name')}>
          <SafetyCertificateFilled className="anju-brand-logo" />
          <span className="anju-brand-name">{t('app.name')}</span>
          <span className="anju-brand-sub">{t('app.subtitle')}</span>
        </Link>
        <div className="anju-header-right">
          {site && (
            <span className="anju-header-site" title={me.sites.map((s) => s.name).join('、')}>
              <EnvironmentOutlined /> {site.name}
              {/* "A 等 2 个小区" counts A: the total, not the others */}
              {me.sites.length > 1 && ` ${t('shell.moreSites', { total: me.sites.length })}`}
            </span>
          )}
          {anyDemo && <Tag color="orange">{t('shell.demo')}</Tag>}
          <Button
            type="text"
            className="anju-header-button"
            icon={<GlobalOutlined />}
            data-testid="lang-switch"
            onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
          >
            {t('app.otherLanguage')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'account', icon: <KeyOutlined />, label: t('shell.changePassword') },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('shell.logout'), danger: true },
              ],
              onClick: ({ key }) => {
                if (key === 'account') navigate('/account');
                if (key === 'logout') void onLogout();
              },
            }}
          >
            <Button type="text" className="anju-header-button anju-user" data-testid="user-menu">
              <Avatar size="small" icon={<UserOutlined />} className="anju-avatar" />
              <span className="anju-user-name">{me.user.displayName}</span>
              <Tag color="blue" variant="filled" className="anju-role-tag" data-testid="role-label">
                {roleLabel(me.user.role)}
              </Tag>
            </Button>
          </Dropdown>
        </div>
      </Header>
      <Layout>
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={208}
          theme="light"
          className="anju-sider"
          breakpoint="lg"
          // On a phone the menu hides completely behind its trigger, leaving the page the full width.
          collapsedWidth={phone ? 0 : 80}
        >
          <Menu
            mode="inline"
            data-testid="side-menu"
            selectedKeys={current ? [current.key] : []}
            // Groups start open: every role has only a handful of entries.
            defaultOpenKeys={entries.flatMap((e) => (e.kind === 'group' ? [e.group.key] : []))}
            items={menuProps(entries, tr)}
          />
        </Sider>
        <Layout className="anju-main">
          <div className="anju-page-head">
            <Breadcrumb
              items={[
                { title: <Link to="/">{t('app.name')}</Link> },
                ...(currentGroup ? [{ title: currentGroup.title }] : []),
                { title: current ? tr(current.label) : t('notFound.title') },
              ]}
            />
            <Typography.Title level={4} className="anju-page-title">
              {current ? tr(current.label) : t('notFound.title')}
            </Typography.Title>
          </div>
          <Content className="anju-content">
            <Watermark
              content={[`${me.user.displayName} ${me.user.username}`, nowInZone().format('YYYY-MM-DD')]}
              font={{ color: 'rgba(0,0,0,0.035)', fontSize: 13 }}
              gap={[160, 140]}
            >
              <Suspense
                fallback={
                  <div className="anju-page-loading">
                    <Spin />
                  </div>
                }
              >
                <Outlet />
              </Suspense>
            </Watermark>
          </Content>
          <Footer className="anju-footer">
            <Space separator="·" wrap>
              <span>{t('app.footer')}</span>
              <span>{t('app.auditNotice')}</span>
            </Space>
          </Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
