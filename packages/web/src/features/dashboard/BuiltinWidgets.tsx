import {
  ApartmentOutlined,
  AuditOutlined,
  EnvironmentOutlined,
  EyeInvisibleOutlined,
  HomeOutlined,
  LockOutlined,
  SafetyOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Progress,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { menuFor, ROLES } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useAuth, useMe } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { FEATURE_ROUTES } from '../../app/routes.tsx';
import { nowInZone } from '../../app/time.ts';
import { useDashboardSummary } from './api.ts';

function SummaryError({ error }: { error: unknown }) {
  const { t } = useI18n();
  return <Alert type="error" showIcon title={t('dashboard.loadFailed')} description={errorMessage(error)} />;
}

export function WelcomeWidget() {
  const me = useMe();
  const { t, tr, roleLabel } = useI18n();
  const now = nowInZone();
  const hour = now.hour();
  const greeting =
    hour < 5
      ? t('dashboard.greetingEvening')
      : hour < 11
        ? t('dashboard.greetingMorning')
        : hour < 13
          ? t('dashboard.greetingNoon')
          : hour < 18
            ? t('dashboard.greetingAfternoon')
            : t('dashboard.greetingEvening');
  const date = now.format(t('dashboard.dateFormat'));
  const shortcuts = menuFor(me.user.role)
    .filter((i) => i.key !== 'dashboard')
    .slice(0, 6);
  return (
    <Card className="anju-welcome" data-testid="welcome">
      <Flex justify="space-between" align="center" wrap gap={16}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('dashboard.greeting', { greeting, name: me.user.displayName })}
          </Typography.Title>
          <Space style={{ marginTop: 8 }} wrap>
            <Tag color="blue">{roleLabel(me.user.role)}</Tag>
            <Typography.Text type="secondary">{date}</Typography.Text>
            <Typography.Text type="secondary">{t('dashboard.zoneNote')}</Typography.Text>
          </Space>
        </div>
        {shortcuts.length > 0 && (
          <Space wrap>
            <Typography.Text type="secondary">{t('dashboard.shortcuts')}</Typography.Text>
            {shortcuts.map((item) => (
              <Link key={item.key} to={item.path}>
                <Button icon={FEATURE_ROUTES[item.key]?.icon}>{tr(item.label)}</Button>
              </Link>
            ))}
          </Space>
        )}
      </Flex>
    </Card>
  );
}

function StatCard(props: {
  title: string;
  value: number | undefined;
  icon: ReactNode;
  color: string;
  suffix: string;
  loading: boolean;
}) {
  return (
    <Card loading={props.loading}>
      <Flex align="center" gap={16}>
        <div className="anju-stat-icon" style={{ background: `${props.color}1a`, color: props.color }}>
          {props.icon}
        </div>
        <Statistic title={props.title} value={props.value ?? 0} suffix={props.suffix} />
      </Flex>
    </Card>
  );
}

export function StatsWidget() {
  const { t } = useI18n();
  const { data, error, isPending } = useDashboardSummary();
  if (error) return <SummaryError error={error} />;
  const count = (...roles: string[]) =>
    data?.staffByRole.filter((r) => roles.includes(r.role)).reduce((sum, r) => sum + r.n, 0);
  const cards = [
    {
      key: 'sites',
      title: t('dashboard.statSites'),
      value: data?.sites.length,
      icon: <HomeOutlined />,
      color: '#1a56b8',
      suffix: t('dashboard.unitSite'),
    },
    {
      key: 'accounts',
      title: t('dashboard.statAccounts'),
      value: count(...ROLES),
      icon: <TeamOutlined />,
      color: '#13a8a8',
      suffix: t('dashboard.unitPerson'),
    },
    {
      key: 'police',
      title: t('dashboard.statPolice'),
      value: count('police', 'auxiliary'),
      icon: <SafetyOutlined />,
      color: '#2f54eb',
      suffix: t('dashboard.unitPerson'),
    },
    {
      key: 'property',
      title: t('dashboard.statProperty'),
      value: count('property'),
      icon: <SolutionOutlined />,
      color: '#fa8c16',
      suffix: t('dashboard.unitPerson'),
    },
  ];
  return (
    <Row gutter={[16, 16]} data-testid="stats">
      {cards.map(({ key, ...card }) => (
        <Col key={key} xs={24} sm={12} xl={6}>
          <StatCard {...card} loading={isPending} />
        </Col>
      ))}
    </Row>
  );
}

export function SitesWidget() {
  const { t } = useI18n();
  const { data, error, isPending } = useDashboardSummary();
  if (error) return <SummaryError error={error} />;
  return (
    <Card
      title={
        <Space>
          <ApartmentOutlined />
          {t('dashboard.sitesTitle')}
        </Space>
      }
      loading={isPending}
      className="anju-site-card"
      data-testid="sites"
    >
      {data && data.sites.length === 0 ? (
        <Empty description={t('dashboard.noSites')} />
      ) : (
        <Flex vertical gap={0}>
          {(data?.sites ?? []).map((site) => (
            <Flex key={site.id} gap={14} align="flex-start" className="anju-site-row">
              <div
                className="anju-stat-icon anju-stat-icon-sm"
                style={{ background: '#1a56b81a', color: '#1a56b8' }}
              >
                <HomeOutlined />
              </div>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Typography.Text strong>{site.name}</Typography.Text>
                <div className="anju-site-line">
                  <EnvironmentOutlined /> {site.address ?? t('dashboard.noAddress')}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('dashboard.siteCode')}: {site.id.slice(0, 8).toUpperCase()}
                </Typography.Text>
              </div>
              {site.isDemo ? (
                <Tag color="orange">{t('dashboard.demoData')}</Tag>
              ) : (
                <Tag color="green">{t('dashboard.inService')}</Tag>
              )}
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}

const ROLE_COLORS: Record<string, string> = {
  admin: '#722ed1',
  police: '#1a56b8',
  auxiliary: '#2f54eb',
  property: '#fa8c16',
  mediator: '#13a8a8',
  resident: '#8c8c8c',
};

export function AccountsByRoleWidget() {
  const { t, roleLabel } = useI18n();
  const { data, error, isPending } = useDashboardSummary();
  if (error) return <SummaryError error={error} />;
  const total = data?.staffByRole.reduce((s, r) => s + r.n, 0) ?? 0;
  const rows = ROLES.map((role) => ({ role, n: data?.staffByRole.find((r) => r.role === role)?.n ?? 0 }));
  return (
    <Card
      title={
        <Space>
          <TeamOutlined />
          {t('dashboard.accountsTitle')}
        </Space>
      }
      loading={isPending}
      className="anju-site-card"
      data-testid="accounts-by-role"
    >
      <Row gutter={[24, 14]}>
        {rows.map(({ role, n }) => (
          <Col key={role} span={12}>
            <Flex justify="space-between">
              <span>{roleLabel(role)}</span>
              <Typography.Text strong>{n}</Typography.Text>
            </Flex>
            <Progress
              percent={total ? Math.round((n / total) * 100) : 0}
              showInfo={false}
              strokeColor={ROLE_COLORS[role]}
              size="small"
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

export function PrivacyWidget() {
  const { t } = useI18n();
  const { can } = useAuth();
  const items = [
    {
      icon: <AuditOutlined />,
      title: t('dashboard.privacyAuditTitle'),
      text: t('dashboard.privacyAuditText'),
    },
    {
      icon: <EyeInvisibleOutlined />,
      title: t('dashboard.privacyMaskTitle'),
      text: t('dashboard.privacyMaskText'),
    },
    {
      icon: <LockOutlined />,
      title: t('dashboard.privacyMinimumTitle'),
      text: t('dashboard.privacyMinimumText'),
    },
  ];
  return (
    <Card
      title={
        <Space>
          <SafetyOutlined />
          {t('dashboard.privacyTitle')}
        </Space>
      }
      extra={
        can('audit.read') ? (
          <Link to="/audit">
            <Button type="link">{t('dashboard.viewAudit')}</Button>
          </Link>
        ) : null
      }
    >
      <Row gutter={[24, 16]}>
        {items.map((item) => (
          <Col key={item.title} xs={24} md={8}>
            <Flex gap={12} align="flex-start">
              <div
                className="anju-stat-icon anju-stat-icon-sm"
                style={{ background: '#52c41a1a', color: '#389e0d' }}
              >
                {item.icon}
              </div>
              <div>
                <Typography.Text strong>{item.title}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                  {item.text}
                </Typography.Paragraph>
              </div>
            </Flex>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
