import { UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Empty, Flex, Select, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SearchResult } from '@anju/contracts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { residencyTypeLabel } from './labels.ts';

export type PersonHit = Extract<SearchResult, { kind: 'person' }>;
/** What a picker needs to show a chosen person (a full hit, or what an event row tells). */
export type PersonRef = Pick<PersonHit, 'id' | 'name' | 'roomLabel'> & Partial<PersonHit>;

/** Waits until typing pauses, so a search (each one is audited) is not sent per keystroke. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * Finds a person in the registry (name, pinyin initials, ID number, phone, flat such as
 * 3-2-1501) through GET /registry/search, and hands back the chosen hit.
 */
export function PersonPicker({
  value,
  onChange,
  placeholder,
  style,
  id,
}: {
  value?: PersonRef | null;
  onChange?: (person: PersonRef | null) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
}) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 350);
  const search = useQuery({
    queryKey: ['registry', 'search', q],
    queryFn: ({ signal }) => api.get<{ items: SearchResult[] }>('/registry/search', { q, limit: 20 }, signal),
    enabled: q.length > 0,
    staleTime: 60_000,
  });
  const hits = (search.data?.items ?? []).filter((h): h is PersonHit => h.kind === 'person');
  const options: PersonRef[] = [...(value && !hits.some((h) => h.id === value.id) ? [value] : []), ...hits];

  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      allowClear
      value={value?.id}
      placeholder={placeholder ?? t('access.personSearchHint')}
      style={{ minWidth: 280, ...style }}
      suffixIcon={<UserOutlined />}
      onChange={(id) => {
        onChange?.(options.find((o) => o.id === id) ?? null);
        setText('');
      }}
      notFoundContent={
        search.isFetching ? (
          <Spin size="small" />
        ) : q ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('access.personNotFound')} />
        ) : (
          <Typography.Text type="secondary">{t('access.personTypeToSearch')}</Typography.Text>
        )
      }
      optionLabelProp="label"
      options={options.map((p) => ({
        value: p.id,
        label: `${p.name}${p.roomLabel ? ` · ${p.roomLabel}` : ''}`,
        hit: p,
      }))}
      optionRender={(option) => {
        const p = option.data.hit as PersonRef;
        if (!p.idNumberMasked) return <Typography.Text strong>{option.label}</Typography.Text>;
        return (
          <Flex justify="space-between" gap={8}>
            <span>
              <Typography.Text strong>{p.name}</Typography.Text>{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {p.gender === 'male' ? t('access.male') : t('access.female')} ·{' '}
                {t('access.ageYears', { n: p.age ?? 0 })} · {p.idNumberMasked}
              </Typography.Text>
            </span>
            <span>
              {p.roomLabel && <Tag>{p.roomLabel}</Tag>}
              {p.residencyType && (
                <Tag color={p.status === 'active' ? 'blue' : 'default'}>
                  {residencyTypeLabel(p.residencyType, lang)}
                </Tag>
              )}
            </span>
          </Flex>
        );
      }}
    />
  );
}
