/**
 * The compound's structure for property staff: a building with all its flats in one form (with
 * a live count of the flats it will create), a building's name and number, single flats, and
 * street shops. Server field errors are shown beside their fields.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import {
  type Building,
  creditCodeValid,
  flatLabelOf,
  flatNumberOf,
  flatsInLayout,
  type RoomDetail,
  type Shop,
  STRUCTURE_LIMITS,
} from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { registryKeys } from './api.ts';
import { type Picked, PeoplePicker } from './Pickers.tsx';

/** After any structure write every registry view may be stale (lists, maps, search, stats). */
function useStructureWrite<V, R>(
  form: FormInstance<V>,
  send: (values: V) => Promise<R>,
  onDone: (result: R, values: V) => void,
) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: send,
    onMutate: () => setFormError(null),
    onSuccess: async (result, values) => {
      await queryClient.invalidateQueries({ queryKey: registryKeys.all });
      onDone(result, values);
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    },
  });
  return { mutation, formError, clearError: () => setFormError(null) };
}

const blank = (v: string | undefined | null) => (v?.trim() ? v.trim() : undefined);

interface BuildingValues {
  siteId?: string;
  number?: number;
  name?: string;
  units?: number;
  floors?: number;
  flatsPerFloor?: number;
  skipFloors?: string[];
  area?: number | null;
}

/** Error line, then [delete] … [cancel] [save] under each structure form. */
function FormFooter({
  formError,
  saving,
  onCancel,
  remove,
}: {
  formError: string | null | undefined;
  saving: boolean;
  onCancel: () => void;
  remove?: { confirm: string; label: string; pending: boolean; run: () => void } | undefined;
}) {
  const { t } = useI18n();
  return (
    <>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Space style={{ width: '100%', justifyContent: remove ? 'space-between' : 'flex-end' }}>
        {remove && (
          <Popconfirm title={remove.confirm} onConfirm={remove.run}>
            <Button danger loading={remove.pending}>
              {remove.label}
            </Button>
          </Popconfirm>
        )}
        <Space>
          <Button onClick={onCancel}>{t('registry.structure.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('registry.structure.save')}
          </Button>
        </Space>
      </Space>
    </>
  );
}

/** 新增楼栋 / 编辑楼栋: `building` given → edit its name and number (and delete it when empty). */
export function BuildingFormModal({
  open,
  building,
  onClose,
  onSaved,
}: {
  open: boolean;
  building?: Building | null;
  onClose: () => void;
  onSaved: (buildingId: string | null) => void;
}) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<BuildingValues>();
  const editing = !!building;
  const sites = me?.sites ?? [];
  const values = Form.useWatch([], form) as BuildingValues | undefined;

  const save = useStructureWrite<BuildingValues, { id: string; flats?: number }>(
    form,
    (v) =>
      editing
        ? api.patch<{ id: string }>(`/registry/buildings/${building.id}`, {
            number: v.number === building.number ? undefined : v.number,
            // i18n-data: a building's default name is what is painted on it, in Chinese in either language
            name: blank(v.name) === building.name ? undefined : (blank(v.name) ?? `${v.number}号楼`),
          })
        : api.post<{ id: string; flats: number }>('/registry/buildings', {
            siteId: sites.length > 1 ? v.siteId : undefined,
            number: v.number,
            name: blank(v.name),
            units: v.units,
            floors: v.floors,
            flatsPerFloor: v.flatsPerFloor,
            skipFloors: v.skipFloors?.length ? v.skipFloors.map(Number) : undefined,
            area: v.area ?? undefined,
          }),
    (r, v) => {
      message.success(
        editing
          ? t('registry.structure.saved')
          : // i18n-data: the building's default name (see above)
            t('registry.structure.created', { name: blank(v.name) ?? `${v.number}号楼`, n: r.flats ?? 0 }),
      );
      onSaved(r.id);
    },
  );
  const remove = useMutation({
    mutationFn: () => api.del(`/registry/buildings/${building?.id}`),
    onSuccess: () => {
      message.success(t('registry.structure.deleted'));
      onSaved(null);
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const layout = {
    units: Number(values?.units) || 0,
    floors: Number(values?.floors) || 0,
    flatsPerFloor: Number(values?.flatsPerFloor) || 0,
    skipFloors: (values?.skipFloors ?? []).map(Number).filter(Number.isInteger),
  };
  const count = flatsInLayout(layout);
  const firstFloor = Array.from({ length: layout.floors }, (_, i) => i + 1).find(
    (f) => !layout.skipFloors.includes(f),
  );
  const lastFloor = Array.from({ length: layout.floors }, (_, i) => layout.floors - i).find(
    (f) => !layout.skipFloors.includes(f),
  );
  const n = values?.number ?? '?';

  return (
    <Modal
      open={open}
      title={editing ? t('registry.structure.editBuilding') : t('registry.structure.newBuilding')}
      onCancel={onClose}
      destroyOnHidden
      footer={null}
      data-testid="building-form-modal"
    >
      <Form<BuildingValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? { number: building.number, name: building.name }
            : { siteId: sites[0]?.id, units: 2, floors: 18, flatsPerFloor: 2 }
        }
        onValuesChange={() => save.clearError()}
        onFinish={(v) => save.mutation.mutate(v)}
        data-testid="building-form"
      >
        {!editing && sites.length > 1 && (
          <Form.Item name="siteId" label={t('registry.site')} rules={[{ required: true }]}>
            <Select options={sites.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
        <Space wrap align="start">
          <Form.Item
            name="number"
            label={t('registry.structure.number')}
            rules={[
              { required: true, message: t('registry.required', { field: t('registry.structure.number') }) },
            ]}
          >
            <InputNumber min={1} max={STRUCTURE_LIMITS.flatNumber} precision={0} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('registry.structure.name')}
            extra={t('registry.structure.nameHint', { n })}
          >
            {/* i18n-data: the default name the building gets (see above) */}
            <Input maxLength={20} placeholder={`${n}号楼`} />
          </Form.Item>
        </Space>
        {!editing && (
          <>
            <Space wrap align="start">
              <Form.Item name="units" label={t('registry.structure.units')} rules={[{ required: true }]}>
                <InputNumber min={1} max={STRUCTURE_LIMITS.units} precision={0} />
              </Form.Item>
              <Form.Item name="floors" label={t('registry.structure.floors')} rules={[{ required: true }]}>
                <InputNumber min={1} max={STRUCTURE_LIMITS.floors} precision={0} />
              </Form.Item>
              <Form.Item
                name="flatsPerFloor"
                label={t('registry.structure.flatsPerFloor')}
                rules={[{ required: true }]}
              >
                <InputNumber min={1} max={STRUCTURE_LIMITS.flatsPerFloor} precision={0} />
              </Form.Item>
            </Space>
            <Form.Item
              name="skipFloors"
              label={t('registry.structure.skipFloors')}
              extra={t('registry.structure.skipFloorsHint')}
            >
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} />
            </Form.Item>
            <Form.Item name="area" label={t('registry.structure.defaultArea')}>
              <InputNumber min={1} max={10_000} step={0.1} style={{ width: 160 }} />
            </Form.Item>
            <Alert
              type="info"
              showIcon
              data-testid="building-preview"
              title={t('registry.structure.preview', { n: count })}
              description={
                count > 0 && firstFloor && lastFloor
                  ? t('registry.structure.previewLabels', {
                      first: flatLabelOf(Number(n) || 0, 1, flatNumberOf(firstFloor, 1)),
                      last: flatLabelOf(
                        Number(n) || 0,
                        layout.units,
                        flatNumberOf(lastFloor, layout.flatsPerFloor),
                      ),
                    })
                  : undefined
              }
              style={{ marginBottom: 16 }}
            />
          </>
        )}
        <FormFooter
          formError={save.formError}
          saving={save.mutation.isPending}
          onCancel={onClose}
          remove={
            editing
              ? {
                  confirm: t('registry.structure.deleteBuildingConfirm', { name: building.name }),
                  label: t('registry.structure.deleteBuilding'),
                  pending: remove.isPending,
                  run: () => remove.mutate(),
                }
              : undefined
          }
        />
      </Form>
    </Modal>
  );
}

interface FlatValues {
  unit?: number;
  floor?: number;
  number?: string;
  area?: number | null;
}

/** 添加房屋 (in `building`) / 编辑房屋 (`room` given), with delete for a flat nobody lived in. */
export function FlatFormModal({
  open,
  building,
  room,
  onClose,
  onSaved,
  onDeleted,
}: {
  open: boolean;
  building: { id: string; number: number; name: string };
  room?: RoomDetail['room'] | null;
  onClose: () => void;
  onSaved: (roomId: string) => void;
  onDeleted?: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FlatValues>();
  const editing = !!room;
  const values = Form.useWatch([], form) as FlatValues | undefined;
  const save = useStructureWrite<FlatValues, { id: string; label: string }>(
    form,
    (v) => {
      const body = {
        unit: v.unit,
        floor: v.floor,
        number: v.number?.trim().toUpperCase(),
        area: v.area ?? (editing ? null : undefined),
      };
      return editing
        ? api.patch(`/registry/rooms/${room.id}`, body)
        : api.post(`/registry/buildings/${building.id}/flats`, body);
    },
    (r) => {
      message.success(t('registry.structure.savedFlat', { label: r.label }));
      onSaved(r.id);
    },
  );
  const remove = useMutation({
    mutationFn: () => api.del(`/registry/rooms/${room?.id}`),
    onSuccess: async () => {
      message.success(t('registry.structure.deleted'));
      onDeleted?.();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const label =
    values?.unit && values.number?.trim()
      ? flatLabelOf(building.number, values.unit, values.number.trim().toUpperCase())
      : null;
  return (
    <Modal
      open={open}
      title={editing ? t('registry.structure.editFlat') : t('registry.structure.addFlat')}
      onCancel={onClose}
      destroyOnHidden
      footer={null}
      data-testid="flat-form-modal"
    >
      <Typography.Paragraph type="secondary">{building.name}</Typography.Paragraph>
      <Form<FlatValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          room
            ? { unit: room.unit ?? 1, floor: room.floor ?? 1, number: room.number, area: room.area }
            : { unit: 1, floor: 1 }
        }
        onValuesChange={() => save.clearError()}
        onFinish={(v) => save.mutation.mutate(v)}
        data-testid="flat-form"
      >
        <Space wrap align="start">
          <Form.Item name="unit" label={t('registry.structure.unit')} rules={[{ required: true }]}>
            <InputNumber min={1} max={STRUCTURE_LIMITS.units} precision={0} />
          </Form.Item>
          <Form.Item name="floor" label={t('registry.structure.floor')} rules={[{ required: true }]}>
            <InputNumber min={1} max={STRUCTURE_LIMITS.floors} precision={0} />
          </Form.Item>
          <Form.Item
            name="number"
            label={t('registry.structure.flatNumber')}
            rules={[
              {
                required: true,
                message: t('registry.required', { field: t('registry.structure.flatNumber') }),
              },
            ]}
          >
            <Input maxLength={8} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="area" label={t('registry.structure.area')}>
            <InputNumber min={1} max={10_000} step={0.1} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" data-testid="flat-label-preview">
          {label ? t('registry.structure.labelPreview', { label }) : t('registry.structure.flatNumberHint')}
        </Typography.Paragraph>
        <FormFooter
          formError={save.formError}
          saving={save.mutation.isPending}
          onCancel={onClose}
          remove={
            editing
              ? {
                  confirm: t('registry.structure.deleteFlatConfirm', { label: room.label }),
                  label: t('registry.structure.deleteFlat'),
                  pending: remove.isPending,
                  run: () => remove.mutate(),
                }
              : undefined
          }
        />
      </Form>
    </Modal>
  );
}

interface ShopValues {
  siteId?: string;
  street?: string;
  number?: string;
  name?: string;
  category?: string;
  licenceNo?: string;
  operator?: Picked[];
  status?: 'open' | 'closed';
  area?: number | null;
}

/** 新增商铺 / 编辑商铺 (name, category, licence, operator, status, street and number). */
export function ShopFormModal({
  open,
  shop,
  onClose,
  onSaved,
}: {
  open: boolean;
  shop?: Shop | null;
  onClose: () => void;
  onSaved: (roomId: string) => void;
}) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<ShopValues>();
  const editing = !!shop;
  const sites = me?.sites ?? [];
  const save = useStructureWrite<ShopValues, { id: string; roomId: string; label: string }>(
    form,
    (v) => {
      const operator = v.operator?.at(-1)?.value;
      const body = {
        street: blank(v.street),
        number: blank(v.number),
        name: blank(v.name),
        category: editing ? (blank(v.category) ?? null) : blank(v.category),
        licenceNo: editing ? (blank(v.licenceNo)?.toUpperCase() ?? null) : blank(v.licenceNo)?.toUpperCase(),
        operatorPersonId: editing ? (operator ?? null) : operator,
        area: v.area ?? (editing ? null : undefined),
      };
      return editing
        ? api.patch(`/registry/shops/${shop.id}`, { ...body, status: v.status })
        : api.post('/registry/shops', { ...body, siteId: sites.length > 1 ? v.siteId : undefined });
    },
    (r) => {
      message.success(t('registry.structure.savedFlat', { label: r.label }));
      onSaved(r.roomId);
    },
  );
  const streetOf = (label: string) => label.slice(0, label.lastIndexOf('-'));
  const numberOf = (label: string) => label.slice(label.lastIndexOf('-') + 1);
  return (
    <Modal
      open={open}
      title={editing ? t('registry.structure.editShop') : t('registry.structure.newShop')}
      onCancel={onClose}
      destroyOnHidden
      footer={null}
      data-testid="shop-form-modal"
    >
      <Form<ShopValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          shop
            ? {
                street: shop.street ?? streetOf(shop.roomLabel),
                number: numberOf(shop.roomLabel),
                name: shop.name,
                category: shop.category ?? undefined,
                licenceNo: shop.licenceNo ?? undefined,
                operator: shop.operator ? [{ value: shop.operator.personId, label: shop.operator.name }] : [],
                status: shop.status === 'closed' ? 'closed' : 'open',
              }
            : { siteId: sites[0]?.id }
        }
        onValuesChange={() => save.clearError()}
        onFinish={(v) => save.mutation.mutate(v)}
        data-testid="shop-form"
      >
        {!editing && sites.length > 1 && (
          <Form.Item name="siteId" label={t('registry.site')} rules={[{ required: true }]}>
            <Select options={sites.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
        <Space wrap align="start">
          <Form.Item
            name="street"
            label={t('registry.street')}
            rules={[{ required: true, message: t('registry.required', { field: t('registry.street') }) }]}
          >
            <Input maxLength={10} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="number"
            label={t('registry.structure.shopNumber')}
            rules={[
              {
                required: true,
                message: t('registry.required', { field: t('registry.structure.shopNumber') }),
              },
            ]}
          >
            <Input maxLength={6} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="area" label={t('registry.structure.area')}>
            <InputNumber min={1} max={10_000} step={0.1} />
          </Form.Item>
        </Space>
        <Form.Item
          name="name"
          label={t('registry.shopName')}
          rules={[{ required: true, message: t('registry.required', { field: t('registry.shopName') }) }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="category" label={t('registry.category')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="licenceNo"
          label={t('registry.licenceNo')}
          rules={[
            {
              validator: async (_r, v: string | undefined) => {
                if (v?.trim() && !creditCodeValid(v.trim().toUpperCase())) {
                  throw new Error(t('registry.structure.licenceHint'));
                }
              },
            },
          ]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item
          name="operator"
          label={t('registry.operator')}
          extra={t('registry.structure.operatorHint')}
          getValueProps={(v: Picked[] | undefined) => ({ value: v?.slice(-1) })}
          normalize={(v: Picked[]) => v.slice(-1)}
        >
          <PeoplePicker />
        </Form.Item>
        {editing && (
          <Form.Item name="status" label={t('registry.structure.shopStatus')}>
            <Select
              options={[
                { value: 'open', label: t('registry.structure.open') },
                { value: 'closed', label: t('registry.structure.closed') },
              ]}
            />
          </Form.Item>
        )}
        <FormFooter formError={save.formError} saving={save.mutation.isPending} onCancel={onClose} />
      </Form>
    </Modal>
  );
}

/** The room drawer's edit buttons: a flat (edit, delete) or a shop (edit). */
export function RoomStructureActions({ detail, onDeleted }: { detail: RoomDetail; onDeleted: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [open, setOpen] = useState(false);
  if (!can('registry.write')) return null;
  const room = detail.room;
  if (room.kind === 'shop') {
    if (!detail.shop) return null;
    return (
      <>
        <Button onClick={() => setOpen(true)} data-testid="edit-shop">
          {t('registry.structure.editShop')}
        </Button>
        <ShopFormModal
          open={open}
          shop={detail.shop}
          onClose={() => setOpen(false)}
          onSaved={() => setOpen(false)}
        />
      </>
    );
  }
  if (!room.buildingId) return null;
  const buildingNumber = Number(room.label.split('-')[0]);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="edit-flat">
        {t('registry.structure.editFlat')}
      </Button>
      <FlatFormModal
        open={open}
        building={{ id: room.buildingId, number: buildingNumber, name: room.buildingName ?? '' }}
        room={room}
        onClose={() => setOpen(false)}
        onSaved={() => setOpen(false)}
        onDeleted={() => {
          setOpen(false);
          onDeleted();
        }}
      />
    </>
  );
}
