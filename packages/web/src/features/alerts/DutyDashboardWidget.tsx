import {
  AlertOutlined,
  ApiOutlined,
  LoginOutlined,
  LogoutOutlined,
  StopOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  List,
  Row,
  Space,
  Statistic,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { SMALL_COUNT_THRESHOLD, type AlertLevel } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import { type AlertList, useDutyDashboard, useRegistryStats } from './api.ts';
import { type ChartOption, EChart } from './EChart.tsx';
import { useAlertLabels } from './ui.tsx';
import { useAlertStream } from './useAlertStream.ts';

const CHART_COLORS: Record<AlertLevel, string> = { info: '#1677ff', warning: '#fa8c16', critical: '#f5222d' };

/** "<5" where a small count was suppressed for a wide audience. */
function Count({ value, suffix }: { value: number | null | undefined; suffix?: string }) {
  const { t } = useI18n();
  if (value === null) return <span data-suppressed="true">{t('duty.suppressed')}</span>;
  return (
    <span>
      {value ?? 0}
      {suffix ? <small style={{ marginLeft: 2 }}>{suffix}</small> : null}
    </span>
  );
}

function Stat(props: {
  title: string;
  value: number | null | undefined;
  icon: React.ReactNode;
  color: string;
  testId: string;
}) {
  return (
    <Card size="small" data-testid={props.testId}>
      <Flex align="center" gap={12}>
        <div
          className="anju-stat-icon anju-stat-icon-sm"
          style={{ background: `${props.color}1a`, color: props.color }}
        >
          {props.icon}
        </div>
        <Statistic title={props.title} valueRender={() => <Count value={props.value} />} />
      </Flex>
    </Card>
  );
}

/**
 * The duty board on the dashboard: today's traffic by hour, strangers, open alerts by level,
 * gate status, registry counts and tenancies ending soon. It follows the alert stream, so a new
 * alert updates the counts at once; "大屏模式" suppresses counts below 5 for a public screen.
 */
export default function DutyDashboardWidget() {
  const { t } = useI18n();
  const { can } = useAuth();
  const labels = useAlertLabels();
  const queryClient = useQueryClient();
  const [wide, setWide] = useState(false);
  const board = useDutyDashboard(wide);
  const registry = useRegistryStats(can('registry.read'));
  const d = board.data;

  // Start the stream at the current sequence number; each change refreshes the board (debounced).
  const cursor = useQuery({
    queryKey: ['alerts', 'cursor'],
    queryFn: ({ signal }) => api.get<AlertList>('/alerts', { status: 'open', pageSize: 1 }, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const state = useAlertStream(cursor.data?.cursor ?? null, () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: ['alerts', 'dashboard'] }),
      800,
    );
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const hourOption = useMemo<ChartOption>(() => {
    const hours = (d?.byHour ?? []).map((h) => `${String(h.hour).padStart(2, '0')}:00`);
    const series = (key: 'in' | 'out' | 'both', name: string, color: string) => ({
      name,
      type: 'bar',
      stack: 'pass',
      color,
      data: (d?.byHour ?? []).map((h) => h[key] ?? 0),
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 36, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'category', data: hours, axisLabel: { interval: 2 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        series('in', t('duty.in'), '#1a56b8'),
        series('out', t('duty.out'), '#13a8a8'),
        series('both', t('duty.both'), '#8c8c8c'),
        {
          name: t('duty.denied'),
          type: 'line',
          smooth: true,
          color: '#f5222d',
          data: (d?.byHour ?? []).map((h) => h.denied ?? 0),
        },
      ],
    };
  }, [d, t]);

  const levelOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          label: { formatter: '{c}' },
          data: (['critical', 'warning', 'info'] as AlertLevel[]).map((l) => ({
            name: labels.level(l),
            value: d?.openAlerts[l] ?? 0,
            itemStyle: { color: CHART_COLORS[l] },
          })),
        },
      ],
    }),
    [d, labels],
  );

  const open = d ? d.openAlerts.info + d.openAlerts.warning + d.openAlerts.critical : 0;
  const withDevices = (d?.gates ?? []).filter((g) => g.devices > 0);
  const online = withDevices.filter((g) => g.online).length;
  const small = (n: number | undefined) =>
    n === undefined ? undefined : wide && n > 0 && n < SMALL_COUNT_THRESHOLD ? null : n;

  return (
    <Card
      data-testid="duty-board"
      title={
        <Space>
          <AlertOutlined />
          {t('duty.title')}
          <Badge
            status={state === 'open' ? 'processing' : 'default'}
            color={state === 'open' ? 'green' : undefined}
            text={t('duty.live')}
          />
        </Space>
      }
      extra={
        <Space size={16}>
          <Tooltip title={t('duty.wideHint')}>
            <Space size={4}>
              <Switch size="small" checked={wide} onChange={setWide} data-testid="duty-wide" />
              <span>{t('duty.wide')}</span>
            </Space>
          </Tooltip>
          {can('alerts.read') && (
            <Link to="/alerts">
              <Button type="link">{t('duty.toAlerts')}</Button>
            </Link>
          )}
        </Space>
      }
    >
      {board.error && (
        <Alert type="error" showIcon title={errorMessage(board.error)} style={{ marginBottom: 12 }} />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={12} md={8} xl={4}>
          <Stat
            testId="duty-in"
            title={t('duty.in')}
            value={d?.totals.in}
            icon={<LoginOutlined />}
            color="#1a56b8"
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Stat
            testId="duty-out"
            title={t('duty.out')}
            value={d?.totals.out}
            icon={<LogoutOutlined />}
            color="#13a8a8"
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Stat
            testId="duty-denied"
            title={t('duty.denied')}
            value={d?.totals.denied}
            icon={<StopOutlined />}
            color="#f5222d"
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Stat
            testId="duty-strangers"
            title={t('duty.strangersLastHour')}
            value={d?.strangers.lastHour}
            icon={<UserSwitchOutlined />}
            color="#fa8c16"
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Stat
            testId="duty-open"
            title={t('duty.openAlerts')}
            value={d ? open : undefined}
            icon={<AlertOutlined />}
            color="#cf1322"
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small" data-testid="duty-gates-online">
            <Flex align="center" gap={12}>
              <div
                className="anju-stat-icon anju-stat-icon-sm"
                style={{ background: '#52c41a1a', color: '#389e0d' }}
              >
                <ApiOutlined />
              </div>
              <Statistic title={t('duty.gates')} value={online} suffix={`/ ${withDevices.length}`} />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('duty.byHour')}>
            <EChart option={hourOption} height={260} testId="duty-chart-hours" />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('duty.openAlerts')}>
            {open === 0 ? (
              <Empty style={{ height: 244, paddingTop: 60 }} description={t('alerts.empty')} />
            ) : (
              <EChart option={levelOption} height={260} testId="duty-chart-levels" />
            )}
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t('duty.gates')} data-testid="duty-gates">
            <List
              size="small"
              dataSource={d?.gates ?? []}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              renderItem={(g) => (
                <List.Item>
                  <Space>
                    <Badge status={g.devices === 0 ? 'default' : g.online ? 'success' : 'error'} />
                    {g.name}
                  </Space>
                  <Tooltip title={g.lastHeartbeatAt ? formatDateTime(g.lastHeartbeatAt) : undefined}>
                    <Tag color={g.devices === 0 ? 'default' : g.online ? 'green' : 'red'}>
                      {g.devices === 0 ? t('duty.noDevice') : g.online ? t('duty.online') : t('duty.offline')}
                    </Tag>
                  </Tooltip>
                </List.Item>
              )}
            />
            {(d?.strangers.byGate ?? []).length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('duty.strangersToday')}: <Count value={d?.strangers.today} />
              </Typography.Text>
            )}
          </Card>
        </Col>
        {can('registry.read') && (
          <Col xs={24} md={8}>
            <Card size="small" title={t('duty.registry')} data-testid="duty-registry">
              <Row gutter={[8, 8]}>
                {(
                  [
                    ['households', t('duty.households')],
                    ['persons', t('duty.persons')],
                    ['tenants', t('duty.tenants')],
                    ['floating', t('duty.floating')],
                    ['shops', t('duty.shops')],
                  ] as const
                ).map(([key, label]) => (
                  <Col span={12} key={key}>
                    <Statistic
                      title={label}
                      valueRender={() => <Count value={small(registry.data?.[key])} />}
                    />
                  </Col>
                ))}
              </Row>
            </Card>
          </Col>
        )}
        <Col xs={24} md={8}>
          <Card size="small" title={t('duty.tenancies')} data-testid="duty-tenancies">
            <Space size={24}>
              <Statistic
                title={t('duty.in7Days')}
                valueRender={() => <Count value={d?.tenanciesExpiring.in7Days} />}
              />
              <Statistic
                title={t('duty.in30Days')}
                valueRender={() => <Count value={d?.tenanciesExpiring.in30Days} />}
              />
            </Space>
            {(d?.tenanciesExpiring.items ?? []).length > 0 && (
              <List
                size="small"
                dataSource={d?.tenanciesExpiring.items ?? []}
                renderItem={(i) => (
                  <List.Item>
                    <span>{i.roomLabel}</span>
                    <Typography.Text type="secondary">{i.endDate}</Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      {d?.suppressed && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {t('duty.wideHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
