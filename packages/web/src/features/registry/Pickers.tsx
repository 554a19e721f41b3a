import { HomeOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Empty, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SearchResult } from '@anju/contracts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';

/** A picked flat/shop or person: its id and what to show for it. */
export interface Picked {
  value: string;
  label: string;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Searches are audited on the server: sent when typing pauses, not per keystroke. */
function useRegistryHits(text: string) {
  const q = useDebounced(text.trim(), 300);
  const query = useQuery({
    queryKey: ['registry', 'search', q],
    queryFn: ({ signal }) => api.get<{ items: SearchResult[] }>('/registry/search', { q, limit: 20 }, signal),
    enabled: q.length > 0,
    staleTime: 60_000,
  });
  return { q, query };
}

function roomsOf(items: SearchResult[]): Picked[] {
  const out = new Map<string, string>();
  for (const r of items) {
    if (r.kind === 'room') out.set(r.id, r.label);
    else if (r.kind === 'shop') out.set(r.roomId, `${r.roomLabel} · ${r.name}`);
    else if (r.roomId && r.roomLabel) out.set(r.roomId, r.roomLabel);
  }
  return [...out].map(([value, label]) => ({ value, label }));
}

/** Finds a flat ("3-2-1501") or shop through GET /registry/search. */
export function RoomPicker({
  value,
  onChange,
  id,
}: {
  value?: Picked | null;
  onChange?: (v: Picked | null) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const { q, query } = useRegistryHits(text);
  const hits = roomsOf(query.data?.items ?? []);
  const options = [...(value && !hits.some((h) => h.value === value.value) ? [value] : []), ...hits];
  return (
    <Select<string>
      id={id}
      size="large"
      allowClear
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      value={value?.value}
      placeholder={t('registry.roomHint')}
      suffixIcon={<HomeOutlined />}
      style={{ width: '100%' }}
      onChange={(v) => {
        onChange?.(options.find((o) => o.value === v) ?? null);
        setText('');
      }}
      notFoundContent={
        query.isFetching ? (
          <Spin size="small" />
        ) : q ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noResults')} />
        ) : (
          <Typography.Text type="secondary">{t('registry.typeToSearch')}</Typography.Text>
        )
      }
      options={options}
    />
  );
}

/** Several registered people (tenants of one contract). */
export function PeoplePicker({
  value,
  onChange,
  id,
}: {
  value?: Picked[];
  onChange?: (v: Picked[]) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const { q, query } = useRegistryHits(text);
  const hits: Picked[] = (query.data?.items ?? []).flatMap((r) =>
    r.kind === 'person'
      ? [{ value: r.id, label: `${r.name} · ${r.idNumberMasked}${r.roomLabel ? ` · ${r.roomLabel}` : ''}` }]
      : [],
  );
  const chosen = value ?? [];
  const options = [...chosen.filter((c) => !hits.some((h) => h.value === c.value)), ...hits];
  return (
    <Select<string[]>
      id={id}
      size="large"
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      value={chosen.map((c) => c.value)}
      placeholder={t('registry.tenantsHint')}
      suffixIcon={<UserOutlined />}
      style={{ width: '100%' }}
      onChange={(ids) => {
        onChange?.(ids.flatMap((v) => options.filter((o) => o.value === v)));
        setText('');
      }}
      notFoundContent={
        query.isFetching ? (
          <Spin size="small" />
        ) : q ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noResults')} />
        ) : (
          <Typography.Text type="secondary">{t('registry.typeToSearch')}</Typography.Text>
        )
      }
      options={options}
    />
  );
}
