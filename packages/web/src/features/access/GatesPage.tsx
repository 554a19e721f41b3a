import {
  EditOutlined,
  PlusOutlined,
  ReloadOutlined,
  TabletOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Flex,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { Gate } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useAuth, useMe } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import { useGates, useSiteSettings } from './api.ts';
import { GateFormModal, ManualOpenModal, PairingModal, RelayStatus } from './GateModals.tsx';
import { residencyTypeLabel } from './labels.ts';
import { useScheduleSummary } from './ScheduleEditor.tsx';
import { EmergencyBanner, EmergencyCard, RetentionCard } from './SiteSettingsCards.tsx';
import { formatAgo, useNow } from './time.ts';
import './access.css';

/** 门禁管理: gates and their terminals (online state polled every 15 s), emergency release, retention. */
export default function GatesPage() {
  const me = useMe();
  const { can } = useAuth();
  const { t, lang } = useI18n();
  const now = useNow(15_000);
  const [siteId, setSiteId] = useState(me.sites[0]?.id);
  const gates = useGates(15_000);
  const settings = useSiteSettings(siteId, 15_000);
  const scheduleSummary = useScheduleSummary();
  const [editing, setEditing] = useState<{ gate: Gate | null } | null>(null);
  const [pairing, setPairing] = useState<Gate | null>(null);
  const [opening, setOpening] = useState<Gate | null>(null);
  const operate = can('access.operate');
  const siteName = me.sites.find((s) => s.id === siteId)?.name ?? '';

  const rows = useMemo(
    () => (gates.data?.items ?? []).filter((g) => g.siteId === siteId),
    [gates.data, siteId],
  );
  const online = rows.filter((g) => g.online).length;

  const columns: ColumnsType<Gate> = [
    {
      title: t('access.gateName'),
      key: 'name',
      render: (_, g) => (
        <Space orientation="vertical" size={0}>
          <Space size={6}>
            <Typography.Text strong>{g.name}</Typography.Text>
            {!g.active && <Tag>{t('access.outOfService')}</Tag>}
          </Space>
          {g.location && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {g.location}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('access.direction'),
      dataIndex: 'direction',
      width: 90,
      render: (d: Gate['direction']) => <Tag color="blue">{t(`access.direction.${d}`)}</Tag>,
    },
    {
      title: t('access.status'),
      key: 'status',
      width: 190,
      render: (_, g) => (
        <Space orientation="vertical" size={0} data-testid={`gate-status-${g.name}`}>
          <Badge
            status={g.online ? 'success' : g.devices ? 'error' : 'default'}
            text={g.online ? t('access.online') : g.devices ? t('access.offline') : t('access.notPaired')}
          />
          {g.devices > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <Tooltip title={formatDateTime(g.lastHeartbeatAt)}>
                {t('access.lastHeartbeat', { ago: formatAgo(g.lastHeartbeatAt, now, t) })}
              </Tooltip>
              {' · '}
              {t('access.terminals', { n: g.devices })}
            </Typography.Text>
          )}
          <RelayStatus gate={g} />
        </Space>
      ),
    },
    {
      title: t('access.rules'),
      key: 'rules',
      render: (_, g) => (
        <Flex vertical gap={4}>
          <Flex gap={4} wrap>
            {g.allowedResidencyTypes ? (
              g.allowedResidencyTypes.map((r) => <Tag key={r}>{residencyTypeLabel(r, lang)}</Tag>)
            ) : (
              <Tag color="green">{t('access.allTypes')}</Tag>
            )}
            <Tag color={g.allowVisitors ? 'purple' : 'default'}>
              {g.allowVisitors ? t('access.visitorsAllowed') : t('access.visitorsRefused')}
            </Tag>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {scheduleSummary(g.schedule)}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(operate
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 250,
            render: (_: unknown, g: Gate) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditing({ gate: g })}
                >
                  {t('access.edit')}
                </Button>
                <Button type="link" size="small" icon={<TabletOutlined />} onClick={() => setPairing(g)}>
                  {t('access.pair')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  icon={<UnlockOutlined />}
                  onClick={() => setOpening(g)}
                  disabled={!g.active}
                >
                  {t('access.manualOpen')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {settings.data?.emergencyOpen && <EmergencyBanner settings={settings.data} siteName={siteName} />}
      <Card
        title={
          <Space size={12}>
            <span>{t('access.gatesTitle')}</span>
            {rows.length > 0 && (
              <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
                {t('access.onlineCount', { online, total: rows.length })}
              </Typography.Text>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            {me.sites.length > 1 && (
              <Select
                value={siteId}
                onChange={setSiteId}
                style={{ width: 180 }}
                options={me.sites.map((s) => ({ value: s.id, label: s.name }))}
              />
            )}
            <Button icon={<ReloadOutlined />} onClick={() => void gates.refetch()} loading={gates.isFetching}>
              {t('common.refresh')}
            </Button>
            {operate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ gate: null })}>
                {t('access.gateCreate')}
              </Button>
            )}
          </Space>
        }
      >
        {gates.error && (
          <Alert type="error" showIcon title={errorMessage(gates.error)} style={{ marginBottom: 12 }} />
        )}
        <Table<Gate>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={gates.isPending}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('access.noGates') }}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {t('access.gatesFootnote')}
        </Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <EmergencyCard settings={settings.data} />
        </Col>
        <Col xs={24} xl={14}>
          <RetentionCard settings={settings.data} />
        </Col>
      </Row>
      <GateFormModal
        gate={editing?.gate ?? null}
        siteId={siteId}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
      <PairingModal gate={pairing} onClose={() => setPairing(null)} />
      <ManualOpenModal gate={opening} onClose={() => setOpening(null)} />
    </Space>
  );
}
