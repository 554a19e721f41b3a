import { DesktopOutlined, PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../../app/api.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { PairingCodePanel } from '../../../app/PairingCodePanel.tsx';
import { formatDateTime } from '../../../app/time.ts';
import { formatAgo, useNow } from '../../access/time.ts';
import { type KioskDevice, kioskKeys, type PairingCode, useKioskDevices } from '../api.ts';
import { RefreshButton, SiteSelect, useSiteChoice } from '../shared.tsx';
import '../kiosk.css';

/** 自助机: the site's kiosks with their online state (polled every 15 s), pairing a new one, revoking one. */
export default function KioskDevicesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const now = useNow(15_000);
  const { siteId, setSiteId } = useSiteChoice();
  const devices = useKioskDevices(siteId, 15_000);
  const [pairing, setPairing] = useState(false);

  const revoke = useMutation({
    mutationFn: (id: string) => api.post(`/kiosk/devices/${id}/revoke`),
    onSuccess: () => {
      void message.success(t('kioskConsole.dev.revoked'));
      void queryClient.invalidateQueries({ queryKey: kioskKeys.devices(siteId ?? '') });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  const rows = devices.data ?? [];
  const active = rows.filter((d) => !d.revokedAt);
  const online = active.filter((d) => d.online).length;

  const columns: ColumnsType<KioskDevice> = [
    {
      title: t('kioskConsole.dev.name'),
      dataIndex: 'name',
      render: (name: string, d) => (
        <Space size={6}>
          <Typography.Text strong>{name}</Typography.Text>
          {d.revokedAt && <Tag>{t('kioskConsole.dev.revokedTag')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('kioskConsole.dev.status'),
      key: 'status',
      width: 240,
      render: (_, d) => (
        <Space orientation="vertical" size={0} data-testid={`kiosk-status-${d.name}`}>
          <Badge
            status={d.revokedAt ? 'default' : d.online ? 'success' : 'error'}
            text={
              d.revokedAt
                ? t('kioskConsole.dev.revokedTag')
                : d.online
                  ? t('kioskConsole.dev.online')
                  : t('kioskConsole.dev.offline')
            }
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Tooltip title={formatDateTime(d.lastHeartbeatAt)}>
              {d.lastHeartbeatAt
                ? t('kioskConsole.dev.lastHeartbeat', { ago: formatAgo(d.lastHeartbeatAt, now, t) })
                : t('kioskConsole.dev.neverSeen')}
            </Tooltip>
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('kioskConsole.dev.version'),
      dataIndex: 'version',
      width: 120,
      render: (v?: string | null) => v || '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, d) =>
        !d.revokedAt && (
          <Popconfirm
            title={t('kioskConsole.dev.revokeConfirm', { name: d.name })}
            okText={t('kioskConsole.dev.revoke')}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutateAsync(d.id)}
          >
            <Button type="link" size="small" danger icon={<StopOutlined />}>
              {t('kioskConsole.dev.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={
        <Space size={12}>
          <span>{t('kioskConsole.dev.title')}</span>
          {active.length > 0 && (
            <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
              {t('kioskConsole.dev.onlineCount', { online, total: active.length })}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        <Space wrap>
          <SiteSelect siteId={siteId} onChange={setSiteId} />
          <RefreshButton query={devices} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPairing(true)}>
            {t('kioskConsole.dev.add')}
          </Button>
        </Space>
      }
    >
      {devices.error && (
        <Alert type="error" showIcon title={errorMessage(devices.error)} style={{ marginBottom: 12 }} />
      )}
      <Table<KioskDevice>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={devices.isPending && !!siteId}
        pagination={false}
        scroll={{ x: 700 }}
        locale={{ emptyText: t('kioskConsole.dev.none') }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('kioskConsole.dev.footnote')}
      </Typography.Paragraph>
      <PairKioskModal siteId={pairing ? siteId : undefined} onClose={() => setPairing(false)} />
    </Card>
  );
}

/** Names the new kiosk, then shows a pairing code and its QR (like a gate tablet's) for the kiosk screen. */
function PairKioskModal({ siteId, onClose }: { siteId: string | undefined; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const create = useMutation({
    mutationFn: (name: string) => api.post<PairingCode>('/kiosk/devices/pairing-code', { siteId, name }),
  });
  const code = create.data;
  const close = () => {
    void queryClient.invalidateQueries({ queryKey: kioskKeys.devices(siteId ?? '') });
    form.resetFields();
    create.reset();
    onClose();
  };

  return (
    <Modal
      open={!!siteId}
      title={
        <Flex gap={8} align="center">
          <DesktopOutlined />
          {t('kioskConsole.dev.pairTitle')}
        </Flex>
      }
      onCancel={close}
      footer={
        code ? (
          <Button
            icon={<ReloadOutlined />}
            onClick={() => create.mutate(form.getFieldValue('name'))}
            loading={create.isPending}
          >
            {t('kioskConsole.dev.regenerate')}
          </Button>
        ) : (
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending}>
            {t('kioskConsole.dev.getCode')}
          </Button>
        )
      }
      width={520}
      destroyOnHidden
    >
      {create.error && (
        <Alert type="error" showIcon title={errorMessage(create.error)} style={{ marginBottom: 12 }} />
      )}
      {!code ? (
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v.name.trim())}>
          <Form.Item
            name="name"
            label={t('kioskConsole.dev.name')}
            extra={t('kioskConsole.dev.nameHint')}
            rules={[{ required: true, whitespace: true, message: t('kioskConsole.required') }]}
          >
            <Input maxLength={60} />
          </Form.Item>
        </Form>
      ) : (
        <PairingCodePanel
          code={code}
          terminalPath="/terminal/kiosk"
          testId="kiosk-pairing-code"
          texts={{
            qrAlt: t('kioskConsole.dev.qrAlt'),
            expiresIn: (time) => t('kioskConsole.dev.expiresIn', { time }),
            expired: t('kioskConsole.dev.expired'),
            steps: [t('kioskConsole.dev.step1'), t('kioskConsole.dev.step2'), t('kioskConsole.dev.step3')],
          }}
        />
      )}
    </Modal>
  );
}
