import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Input,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { OCCUPANCIES, type BuildingMap, type Shop } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { useBuildingMap, useBuildings, useShops } from './api.ts';
import { ImportExportBar } from './ImportExport.tsx';
import { OCCUPANCY_COLORS, occupancyText } from './labels.ts';
import { PersonDrawer } from './PersonDrawer.tsx';
import { RoomDrawer } from './RoomDrawer.tsx';
import { BuildingFormModal, FlatFormModal, ShopFormModal } from './StructureEditor.tsx';
import './registry.css';

/** Opened flat and person live in the URL, so a link or the back button brings them back. */
export function useRegistryDrawers() {
  const [params, setParams] = useSearchParams();
  const setMany = (patch: Record<string, string | null>, replace = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(patch)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace },
    );
  const set = (key: string, value: string | null) => setMany({ [key]: value });
  return {
    params,
    set,
    setMany,
    drawers: (
      <>
        <RoomDrawer
          roomId={params.get('room')}
          onClose={() => set('room', null)}
          onOpenPerson={(id) => set('person', id)}
        />
        <PersonDrawer
          personId={params.get('person')}
          onClose={() => set('person', null)}
          onOpenRoom={(id) => set('room', id)}
        />
      </>
    ),
  };
}

function Legend({ counts }: { counts: BuildingMap['legend'] }) {
  const { lang } = useI18n();
  return (
    <div className="reg-legend" data-testid="map-legend">
      {OCCUPANCIES.map((o) => (
        <span key={o}>
          <span className="reg-legend-swatch" style={{ background: OCCUPANCY_COLORS[o] }} />
          {occupancyText(o, lang)} <Typography.Text strong>{counts[o]}</Typography.Text>
        </span>
      ))}
    </div>
  );
}

function BuildingGrid({ map, onOpen }: { map: BuildingMap; onOpen: (roomId: string) => void }) {
  const { t, lang } = useI18n();
  const cols = map.units.length;
  return (
    <div className="reg-map" data-testid="building-map">
      <div className="reg-map-grid" style={{ gridTemplateColumns: `auto repeat(${cols}, auto)` }}>
        <span />
        {map.units.map((u) => (
          <div key={u} className="reg-map-unit-title">
            {t('registry.unitN', { n: u })}
          </div>
        ))}
        {map.floors.map((f) => (
          <FloorRow key={f.floor} floor={f} units={map.units} onOpen={onOpen} lang={lang} t={t} />
        ))}
      </div>
    </div>
  );
}

function FloorRow({
  floor,
  units,
  onOpen,
  lang,
  t,
}: {
  floor: BuildingMap['floors'][number];
  units: number[];
  onOpen: (roomId: string) => void;
  lang: 'zh-CN' | 'en';
  t: ReturnType<typeof useI18n>['t'];
}) {
  return (
    <>
      <div className="reg-map-floor">{t('registry.floorN', { n: floor.floor })}</div>
      {units.map((u) => (
        <div key={u} className="reg-map-unit">
          {floor.cells
            .filter((c) => c.unit === u)
            .map((c) => (
              <Tooltip
                key={c.roomId}
                title={
                  <>
                    {c.label} · {occupancyText(c.occupancy, lang)} ·{' '}
                    {t('registry.residentsN', { n: c.residents })}
                    {c.tenancyEndDate && (
                      <div>
                        {t('registry.endDate')} {c.tenancyEndDate}
                      </div>
                    )}
                    {c.expiredTenants > 0 && (
                      <div>{t('registry.expiredTenantsN', { n: c.expiredTenants })}</div>
                    )}
                  </>
                }
              >
                <button
                  type="button"
                  className={`reg-cell${c.expiredTenants > 0 ? ' reg-cell-expired' : ''}`}
                  style={{ background: OCCUPANCY_COLORS[c.occupancy] }}
                  onClick={() => onOpen(c.roomId)}
                  data-testid="map-cell"
                  data-occupancy={c.occupancy}
                  data-label={c.label}
                  data-room-id={c.roomId}
                  aria-label={`${c.label} ${occupancyText(c.occupancy, lang)}`}
                >
                  <span>{c.number}</span>
                  <small>{c.residents > 0 ? t('registry.residentsShort', { n: c.residents }) : ''}</small>
                </button>
              </Tooltip>
            ))}
        </div>
      ))}
    </>
  );
}

function ShopsTab({ onOpenRoom }: { onOpenRoom: (id: string) => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const writer = can('registry.write');
  const [editing, setEditing] = useState<Shop | 'new' | null>(null);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const shops = useShops({ q: q || undefined, page, pageSize });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Input.Search
          allowClear
          placeholder={t('registry.shopSearch')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ maxWidth: 360 }}
        />
        {writer && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-shop">
            {t('registry.structure.newShop')}
          </Button>
        )}
      </Space>
      <ShopFormModal
        open={editing !== null}
        shop={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={() => setEditing(null)}
      />
      {shops.error && <Alert type="error" showIcon title={errorMessage(shops.error)} />}
      <Table<Shop>
        rowKey="id"
        size="small"
        loading={shops.isFetching}
        dataSource={shops.data?.items}
        scroll={{ x: 760 }}
        onRow={(r) => ({ onClick: () => onOpenRoom(r.roomId), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize,
          total: shops.data?.total,
          showSizeChanger: true,
          showTotal: (n) => t('registry.totalN', { n }),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: t('registry.shopName'), dataIndex: 'name' },
          { title: t('registry.room'), dataIndex: 'roomLabel' },
          { title: t('registry.street'), dataIndex: 'street', render: (v: string | null) => v ?? '—' },
          { title: t('registry.category'), dataIndex: 'category', render: (v: string | null) => v ?? '—' },
          { title: t('registry.operator'), key: 'op', render: (_, r) => r.operator?.name ?? '—' },
          { title: t('registry.licenceNo'), dataIndex: 'licenceNo', render: (v: string | null) => v ?? '—' },
          { title: t('registry.employees'), dataIndex: 'employees' },
          ...(writer
            ? [
                {
                  key: 'edit',
                  render: (_: unknown, r: Shop) => (
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      data-testid="edit-shop-row"
                      onClick={(e) => {
                        e.stopPropagation();
                        setEditing(r);
                      }}
                    >
                      {t('registry.structure.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

/** 人口总览: the compound as building maps, plus the street shops. */
export default function RegistryPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const writer = can('registry.write');
  const [structure, setStructure] = useState<'newBuilding' | 'editBuilding' | 'addFlat' | null>(null);
  const { params, set, setMany, drawers } = useRegistryDrawers();
  const buildings = useBuildings();
  const tab = params.get('tab') === 'shops' ? 'shops' : 'map';
  const buildingId = params.get('building') ?? undefined;
  const first = buildings.data?.items[0]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only fills in the default building
  useEffect(() => {
    if (!buildingId && first && tab === 'map') setMany({ building: first }, true);
  }, [buildingId, first, tab]);
  const map = useBuildingMap(buildingId);
  const current = buildings.data?.items.find((b) => b.id === buildingId);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Segmented
          value={tab}
          onChange={(v) => set('tab', v === 'map' ? null : String(v))}
          options={[
            { value: 'map', label: t('registry.tabMap') },
            { value: 'shops', label: t('registry.tabShops') },
          ]}
        />
        <ImportExportBar />
      </Space>
      {tab === 'map' ? (
        <Card
          title={
            <Space wrap>
              <span>{t('registry.building')}</span>
              <Select
                data-testid="building-select"
                style={{ minWidth: 200 }}
                loading={buildings.isLoading}
                value={buildingId}
                onChange={(v) => set('building', v)}
                showSearch={{ optionFilterProp: 'label' }}
                options={buildings.data?.items.map((b) => ({
                  value: b.id,
                  label: `${b.name}（${t('registry.flatsN', { n: b.flats })}）`,
                }))}
              />
              {writer && (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => setStructure('newBuilding')}
                  data-testid="new-building"
                >
                  {t('registry.structure.newBuilding')}
                </Button>
              )}
            </Space>
          }
          extra={
            current && (
              <Space wrap>
                <Typography.Text type="secondary">
                  {t('registry.buildingShape', { floors: current.floors, units: current.units })}
                </Typography.Text>
                {writer && (
                  <>
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setStructure('editBuilding')}
                      data-testid="edit-building"
                    >
                      {t('registry.structure.editBuilding')}
                    </Button>
                    <Button
                      size="small"
                      icon={<PlusOutlined />}
                      onClick={() => setStructure('addFlat')}
                      data-testid="add-flat"
                    >
                      {t('registry.structure.addFlat')}
                    </Button>
                  </>
                )}
              </Space>
            )
          }
        >
          {buildings.error && <Alert type="error" showIcon title={errorMessage(buildings.error)} />}
          {map.isLoading && <Skeleton active />}
          {map.error && <Alert type="error" showIcon title={errorMessage(map.error)} />}
          {buildings.data && !buildings.data.items.length && (
            <Empty description={t('registry.noBuildings')} />
          )}
          {map.data && (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Legend counts={map.data.legend} />
              <BuildingGrid map={map.data} onOpen={(id) => set('room', id)} />
            </Space>
          )}
        </Card>
      ) : (
        <Card title={t('registry.tabShops')}>
          <ShopsTab onOpenRoom={(id) => set('room', id)} />
        </Card>
      )}
      {drawers}
      {writer && (
        <BuildingFormModal
          open={structure === 'newBuilding' || structure === 'editBuilding'}
          building={structure === 'editBuilding' ? current : null}
          onClose={() => setStructure(null)}
          onSaved={(id) => {
            setStructure(null);
            setMany({ building: id, room: null }, true);
          }}
        />
      )}
      {writer && current && (
        <FlatFormModal
          open={structure === 'addFlat'}
          building={current}
          onClose={() => setStructure(null)}
          onSaved={() => setStructure(null)}
        />
      )}
    </Space>
  );
}
