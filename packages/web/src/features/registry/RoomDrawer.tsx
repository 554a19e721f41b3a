import { ExportOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Grid,
  Popover,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Member, RoomDetail } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { nowInZone } from '../../app/time.ts';
import { fileUrl, registryKeys, useRoom } from './api.ts';
import { RoomStructureActions } from './StructureEditor.tsx';
import {
  careFlagText,
  OCCUPANCY_COLORS,
  occupancyText,
  relationText,
  residencyTypeText,
  STATUS_COLORS,
  statusText,
  TENANCY_COLORS,
  tenancyStatusText,
} from './labels.ts';

/** Move-out with the last day lived there (today by default). */
export function MoveOutButton({ residencyId, onDone }: { residencyId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState<Dayjs | null>(nowInZone());
  const move = useMutation({
    mutationFn: () =>
      api.post(`/registry/residencies/${residencyId}/move-out`, { date: date?.format('YYYY-MM-DD') }),
    onSuccess: () => {
      message.success(t('registry.movedOut'));
      setOpen(false);
      onDone();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('registry.moveOutDate')}
      content={
        <Space>
          <DatePicker value={date} onChange={setDate} allowClear={false} />
          <Button type="primary" danger loading={move.isPending} onClick={() => move.mutate()}>
            {t('registry.confirm')}
          </Button>
        </Space>
      }
    >
      <Button size="small" danger type="link">
        {t('registry.moveOut')}
      </Button>
    </Popover>
  );
}

export function MembersTable({
  members,
  onOpenPerson,
  onChanged,
}: {
  members: Member[];
  onOpenPerson: (id: string) => void;
  onChanged?: () => void;
}) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const columns: ColumnsType<Member> = [
    {
      title: t('registry.name'),
      dataIndex: 'name',
      render: (v: string, m) => (
        <Space size={4} wrap>
          <Typography.Link onClick={() => onOpenPerson(m.personId)}>{v}</Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.gender === 'male' ? t('registry.male') : t('registry.female')} · {m.age}
          </Typography.Text>
          {m.isFloating && <Tag color="orange">{t('registry.floating')}</Tag>}
          {m.careFlags.map((f) => (
            <Tag key={f} color="magenta">
              {careFlagText(f, lang)}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('registry.relation'), dataIndex: 'relationToHead', render: (v) => relationText(v, lang) },
    { title: t('registry.type'), dataIndex: 'type', render: (v: string) => residencyTypeText(v, lang) },
    { title: t('registry.since'), dataIndex: 'since' },
    { title: t('registry.validTo'), dataIndex: 'validTo', render: (v: string | null) => v ?? '—' },
    {
      title: t('registry.status'),
      dataIndex: 'status',
      render: (_, m) => (
        <Tag color={STATUS_COLORS[m.status]} data-testid="member-status">
          {lang === 'en' ? statusText(m.status, lang) : m.statusLabel}
        </Tag>
      ),
    },
  ];
  if (can('registry.write') && onChanged) {
    columns.push({
      key: 'actions',
      render: (_, m) =>
        m.status === 'active' || m.status === 'pending' ? (
          <MoveOutButton residencyId={m.residencyId} onDone={onChanged} />
        ) : null,
    });
  }
  return (
    <Table
      size="small"
      rowKey="residencyId"
      pagination={false}
      dataSource={members}
      columns={columns}
      scroll={{ x: 640 }}
    />
  );
}

function TenancyBlock({ tenancy }: { tenancy: NonNullable<RoomDetail['tenancy']> }) {
  const { t, lang } = useI18n();
  return (
    <Descriptions
      column={{ xs: 1, sm: 2 }}
      size="small"
      bordered
      title={t('registry.tenancy')}
      data-testid="room-tenancy"
    >
      <Descriptions.Item label={t('registry.landlord')}>{tenancy.landlordName}</Descriptions.Item>
      <Descriptions.Item label={t('registry.status')}>
        <Tag color={TENANCY_COLORS[tenancy.status]}>{tenancyStatusText(tenancy.status, lang)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('registry.startDate')}>{tenancy.startDate}</Descriptions.Item>
      <Descriptions.Item label={t('registry.endDate')}>
        <span data-testid="tenancy-end-date">{tenancy.endDate}</span>{' '}
        {tenancy.status === 'active' && tenancy.daysLeft <= 30 && (
          <Tag color="orange">{t('registry.daysLeft', { n: tenancy.daysLeft })}</Tag>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('registry.rent')}>
        {tenancy.monthlyRent != null ? `¥${tenancy.monthlyRent}` : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('registry.contractScan')}>
        {tenancy.fileId ? (
          <a href={fileUrl(tenancy.fileId)} target="_blank" rel="noreferrer">
            <ExportOutlined /> {t('registry.view')}
          </a>
        ) : (
          '—'
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** A flat or shop (GET /registry/rooms/:id, audited): households, members, tenancy, history. */
export function RoomDrawer({
  roomId,
  onClose,
  onOpenPerson,
}: {
  roomId: string | null;
  onClose: () => void;
  onOpenPerson: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const queryClient = useQueryClient();
  const room = useRoom(roomId);
  const d = room.data;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: registryKeys.all });
  return (
    <Drawer
      open={!!roomId}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      title={
        d ? (
          <Space>
            <span>{d.room.label}</span>
            <Tag color={OCCUPANCY_COLORS[d.room.occupancy]} style={{ color: '#1f1f1f' }}>
              {occupancyText(d.room.occupancy, lang)}
            </Tag>
            {d.room.area != null && <Typography.Text type="secondary">{d.room.area} m²</Typography.Text>}
          </Space>
        ) : (
          t('registry.room')
        )
      }
      extra={d && <RoomStructureActions detail={d} onDeleted={onClose} />}
      data-testid="room-drawer"
    >
      {room.isLoading && <Skeleton active />}
      {room.error && <Alert type="error" showIcon title={errorMessage(room.error)} />}
      {d && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {d.tenancy && <TenancyBlock tenancy={d.tenancy} />}
          {d.shop && (
            <Descriptions column={1} size="small" bordered title={t('registry.shop')}>
              <Descriptions.Item label={t('registry.shopName')}>{d.shop.name}</Descriptions.Item>
              <Descriptions.Item label={t('registry.operator')}>
                {d.shop.operator?.name ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.licenceNo')}>{d.shop.licenceNo ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registry.category')}>{d.shop.category ?? '—'}</Descriptions.Item>
            </Descriptions>
          )}
          {d.shopPeople.length > 0 && (
            <MembersTable members={d.shopPeople} onOpenPerson={onOpenPerson} onChanged={refresh} />
          )}
          {d.households.map((h) => (
            <div key={h.id}>
              <Typography.Title level={5}>
                {h.kind === 'tenant' ? t('registry.tenantHousehold') : t('registry.ownerHousehold')}{' '}
                {h.status === 'dissolved' && <Tag>{t('registry.dissolved')}</Tag>}
              </Typography.Title>
              <MembersTable members={h.members} onOpenPerson={onOpenPerson} onChanged={refresh} />
            </div>
          ))}
          {!d.households.length && !d.shopPeople.length && <Empty description={t('registry.nobody')} />}
          {d.history.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('registry.history')}</Typography.Title>
              <Table
                size="small"
                rowKey="id"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={d.history}
                scroll={{ x: 520 }}
                columns={[
                  {
                    title: t('registry.name'),
                    dataIndex: 'personName',
                    render: (v: string, r) => (
                      <Typography.Link onClick={() => onOpenPerson(r.personId)}>{v}</Typography.Link>
                    ),
                  },
                  {
                    title: t('registry.type'),
                    dataIndex: 'type',
                    render: (v: string) => residencyTypeText(v, lang),
                  },
                  {
                    title: t('registry.period'),
                    key: 'p',
                    render: (_, r) => `${r.validFrom} ~ ${r.validTo ?? t('registry.now')}`,
                  },
                  {
                    title: t('registry.status'),
                    dataIndex: 'status',
                    render: (_, r) => (
                      <Tag color={STATUS_COLORS[r.status]}>
                        {lang === 'en' ? statusText(r.status, lang) : r.statusLabel}
                      </Tag>
                    ),
                  },
                ]}
              />
            </div>
          )}
        </Space>
      )}
    </Drawer>
  );
}
