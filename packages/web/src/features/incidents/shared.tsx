import { Select, Space, Tag, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import { useGates } from '../access/api.ts';
import { RoomPicker } from '../registry/Pickers.tsx';
import { useBuildings } from '../registry/api.ts';
import {
  type Channel,
  type Group,
  type IncidentCategory,
  type Outcome,
  PLACE_KINDS,
  type PlaceInput,
  type PlaceKind,
  useCategories,
  usePublicPlaces,
} from './api.ts';

export { SiteSelect, useSiteChoice } from '../../app/site-choice.tsx';

/** A name kept in both languages, in the console's. */
export function useLocalName() {
  const { lang } = useI18n();
  return (o: { nameZh: string; nameEn: string } | undefined | null) =>
    o ? (lang === 'en' ? o.nameEn || o.nameZh : o.nameZh) : '—';
}

export const GROUP_COLORS: Record<Group, string> = {
  fraud: '#cf1322',
  theft: '#d46b08',
  fire: '#fa541c',
  dispute: '#1a56b8',
  help: '#13a8a8',
  traffic: '#7cb305',
  other: '#8c8c8c',
};

export function GroupTag({ group, children }: { group: Group; children?: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <Tag color={GROUP_COLORS[group]} style={{ marginInlineEnd: 0 }}>
      {children ?? t(`inc.group.${group}`)}
    </Tag>
  );
}

export function useIncidentLabels() {
  const { t } = useI18n();
  return {
    channel: (c: Channel) => t(`inc.channel.${c}`),
    outcome: (o: Outcome) => t(`inc.outcome.${o}`),
    group: (g: Group) => t(`inc.group.${g}`),
    placeKind: (k: PlaceKind) => t(`inc.placeKind.${k}`),
  };
}

interface TreeNode {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeNode[];
}

/** The category tree (two levels) as TreeSelect data; retired categories are left out unless kept. */
export function categoryTree(
  items: IncidentCategory[],
  name: (c: IncidentCategory) => string,
  keep?: string,
): TreeNode[] {
  const visible = items.filter((c) => c.active || c.id === keep);
  const byOrder = (a: IncidentCategory, b: IncidentCategory) => a.sortOrder - b.sortOrder;
  return visible
    .filter((c) => !c.parentId)
    .sort(byOrder)
    .map((root) => ({
      value: root.id,
      title: name(root),
      children: visible
        .filter((c) => c.parentId === root.id)
        .sort(byOrder)
        .map((c) => ({ value: c.id, title: name(c) })),
    }));
}

/** Picks a category from the site's tree (a top-level category or one of its children). */
export function CategoryPicker({
  siteId,
  value,
  onChange,
  id,
  allowClear,
  testId,
  style,
}: {
  siteId: string | undefined;
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  id?: string;
  allowClear?: boolean;
  testId?: string;
  style?: React.CSSProperties;
}) {
  const { t } = useI18n();
  const name = useLocalName();
  const categories = useCategories(siteId);
  const tree = useMemo(
    () => categoryTree(categories.data?.items ?? [], name, value ?? undefined),
    [categories.data, name, value],
  );
  return (
    <TreeSelect
      id={id}
      data-testid={testId}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v as string | undefined)}
      treeData={tree}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      placeholder={t('inc.cat.pick')}
      loading={categories.isPending}
      style={{ width: '100%', ...style }}
    />
  );
}

/** A place being edited: the kind, the ids it needs and the label of a picked flat or shop. */
export interface PlaceValue {
  kind: PlaceKind;
  buildingId?: string;
  unit?: number;
  roomId?: string;
  roomLabel?: string;
  gateId?: string;
  publicPlaceId?: string;
}

/** The place to send, or null while it is incomplete. */
export function placeInputOf(v: PlaceValue | undefined | null): PlaceInput | null {
  if (!v) return null;
  switch (v.kind) {
    case 'building':
      return v.buildingId ? { kind: 'building', buildingId: v.buildingId } : null;
    case 'unit':
      return v.buildingId && v.unit ? { kind: 'unit', buildingId: v.buildingId, unit: v.unit } : null;
    case 'flat':
    case 'shop':
      return v.roomId ? { kind: v.kind, roomId: v.roomId } : null;
    case 'gate':
      return v.gateId ? { kind: 'gate', gateId: v.gateId } : null;
    case 'public_place':
      return v.publicPlaceId ? { kind: 'public_place', publicPlaceId: v.publicPlaceId } : null;
  }
}

/**
 * Where it happened, from the registry: a building, a unit of it, a flat or shop (searched like the
 * registry's room picker), a gate, or one of the site's named public places.
 */
export function PlacePicker({
  siteId,
  value,
  onChange,
  id,
}: {
  siteId: string | undefined;
  value?: PlaceValue | null;
  onChange?: (v: PlaceValue) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const labels = useIncidentLabels();
  const name = useLocalName();
  const buildings = useBuildings();
  const gates = useGates();
  const places = usePublicPlaces(siteId);
  const kind = value?.kind ?? 'flat';
  const siteBuildings = (buildings.data?.items ?? []).filter((b) => !siteId || b.siteId === siteId);
  const building = siteBuildings.find((b) => b.id === value?.buildingId);
  const set = (next: Partial<PlaceValue>) => onChange?.({ ...(value ?? { kind }), ...next } as PlaceValue);
  return (
    <Space.Compact style={{ width: '100%' }} data-testid="place-picker">
      <Select<PlaceKind>
        id={id}
        value={kind}
        style={{ width: 130 }}
        onChange={(k) => onChange?.({ kind: k })}
        options={PLACE_KINDS.map((k) => ({ value: k, label: labels.placeKind(k) }))}
        data-testid="place-kind"
      />
      {(kind === 'building' || kind === 'unit') && (
        <Select<string>
          value={value?.buildingId}
          placeholder={t('inc.field.building')}
          style={{ flex: 1, minWidth: 140 }}
          onChange={(b) => set({ buildingId: b, unit: undefined })}
          options={siteBuildings.map((b) => ({ value: b.id, label: b.name }))}
          data-testid="place-building"
        />
      )}
      {kind === 'unit' && (
        <Select<number>
          value={value?.unit}
          placeholder={t('inc.field.unit')}
          style={{ width: 120 }}
          disabled={!building}
          onChange={(u) => set({ unit: u })}
          options={Array.from({ length: building?.units ?? 0 }, (_, i) => ({
            value: i + 1,
            label: t('inc.unitN', { n: i + 1 }),
          }))}
          data-testid="place-unit"
        />
      )}
      {(kind === 'flat' || kind === 'shop') && (
        <div style={{ flex: 1 }} data-testid="place-room">
          <RoomPicker
            value={value?.roomId ? { value: value.roomId, label: value.roomLabel ?? value.roomId } : null}
            onChange={(p) => set({ roomId: p?.value, roomLabel: p?.label })}
          />
        </div>
      )}
      {kind === 'gate' && (
        <Select<string>
          value={value?.gateId}
          placeholder={t('inc.field.gate')}
          style={{ flex: 1 }}
          onChange={(g) => set({ gateId: g })}
          options={(gates.data?.items ?? [])
            .filter((g) => !siteId || g.siteId === siteId)
            .map((g) => ({ value: g.id, label: g.name }))}
          data-testid="place-gate"
        />
      )}
      {kind === 'public_place' && (
        <Select<string>
          value={value?.publicPlaceId}
          placeholder={t('inc.publicPlaceHint')}
          style={{ flex: 1 }}
          onChange={(p) => set({ publicPlaceId: p })}
          options={(places.data?.items ?? [])
            .filter((p) => p.active)
            .map((p) => ({ value: p.id, label: name(p) }))}
          data-testid="place-public"
        />
      )}
    </Space.Compact>
  );
}
