import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Input, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs, formatDateTime } from '../../app/time.ts';
import { serverPagination, useUrlFilters } from '../../app/url-filters.ts';
import {
  CHANNELS,
  type Channel,
  GROUPS,
  type Group,
  type Incident,
  type IncidentListQuery,
  OUTCOMES,
  type Outcome,
  useIncidents,
} from './api.ts';
import { IncidentDrawer } from './IncidentForm.tsx';
import { CategoryPicker, GroupTag, SiteSelect, useIncidentLabels, useSiteChoice } from './shared.tsx';

const FILTER_KEYS = ['from', 'to', 'categoryId', 'group', 'channel', 'outcome', 'q', 'site'] as const;

/**
 * 警情登记: the register of a compound's calls and cases, filtered by time, category, place (words
 * in the place's label or the summary) and channel; police-side staff record and correct.
 */
export default function IncidentsPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const labels = useIncidentLabels();
  const { filters, page, pageSize, setFilters } = useUrlFilters(FILTER_KEYS);
  const { siteId, setSiteId } = useSiteChoice(filters.site);
  const [q, setQ] = useState(filters.q ?? '');
  const [editing, setEditing] = useState<Incident | null | undefined>(undefined);

  const query = useMemo<IncidentListQuery | null>(
    () =>
      siteId
        ? {
            siteId,
            from: filters.from,
            to: filters.to,
            categoryId: filters.categoryId,
            group: filters.group as Group | undefined,
            channel: filters.channel as Channel | undefined,
            outcome: filters.outcome as Outcome | undefined,
            q: filters.q,
            limit: pageSize,
            offset: (page - 1) * pageSize,
          }
        : null,
    [siteId, filters, page, pageSize],
  );
  const list = useIncidents(query);
  const set = (patch: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>) =>
    setFilters({ ...filters, ...patch } as Record<string, string>);

  if (!siteId) return <Alert type="warning" showIcon title={t('inc.noSite')} />;

  return (
    <Card
      title={t('inc.list.title')}
      extra={
        <Space>
          <SiteSelect
            siteId={siteId}
            onChange={(s) => {
              setSiteId(s);
              set({ site: s });
            }}
          />
          {can('incidents.write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              data-testid="incident-new"
            >
              {t('inc.list.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="incident-filters">
        <DatePicker.RangePicker
          value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
          onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          allowEmpty={[true, true]}
        />
        <CategoryPicker
          siteId={siteId}
          value={filters.categoryId}
          onChange={(v) => set({ categoryId: v })}
          allowClear
          style={{ width: 200 }}
        />
        <Select<Group>
          allowClear
          placeholder={t('inc.cat.group')}
          value={filters.group as Group | undefined}
          onChange={(v) => set({ group: v })}
          style={{ width: 120 }}
          options={GROUPS.map((g) => ({ value: g, label: labels.group(g) }))}
        />
        <Select<Channel>
          allowClear
          placeholder={t('inc.field.channel')}
          value={filters.channel as Channel | undefined}
          onChange={(v) => set({ channel: v })}
          style={{ width: 130 }}
          options={CHANNELS.map((c) => ({ value: c, label: labels.channel(c) }))}
        />
        <Select<Outcome>
          allowClear
          placeholder={t('inc.field.outcome')}
          value={filters.outcome as Outcome | undefined}
          onChange={(v) => set({ outcome: v })}
          style={{ width: 140 }}
          data-testid="filter-outcome"
          options={OUTCOMES.map((o) => ({ value: o, label: labels.outcome(o) }))}
        />
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => set({ q: v })}
          placeholder={`${t('inc.field.place')} / ${t('inc.field.summary')}`}
          enterButton={<SearchOutlined />}
          style={{ width: 260 }}
          data-testid="incident-q"
        />
      </Flex>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Incident>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('inc.list.empty') }}
        data-testid="incident-table"
        onRow={(r) => ({
          onClick: () => can('incidents.write') && setEditing(r),
          style: { cursor: 'pointer' },
        })}
        pagination={serverPagination(page, pageSize, list.data?.total ?? 0, (total) =>
          t('inc.total', { total }),
        )}
        onChange={(p) => setFilters(filters, p.current ?? 1, p.pageSize ?? pageSize)}
        columns={[
          {
            title: t('inc.field.receivedAt'),
            dataIndex: 'receivedAt',
            width: 170,
            render: (v: string) => formatDateTime(v).slice(0, 16),
          },
          {
            title: t('inc.field.category'),
            width: 160,
            render: (_, r) => (
              <GroupTag group={r.group}>{lang === 'en' ? r.categoryNameEn : r.categoryNameZh}</GroupTag>
            ),
          },
          { title: t('inc.field.place'), width: 150, render: (_, r) => r.place.label },
          {
            title: t('inc.field.summary'),
            dataIndex: 'summary',
            render: (v: string) => (
              <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 380 }}>
                {v}
              </Typography.Text>
            ),
          },
          { title: t('inc.field.channel'), width: 110, render: (_, r) => labels.channel(r.channel) },
          { title: t('inc.field.outcome'), width: 140, render: (_, r) => labels.outcome(r.outcome) },
          { title: t('inc.field.officer'), width: 140, render: (_, r) => r.officerName ?? '—' },
        ]}
      />
      <IncidentDrawer
        siteId={siteId}
        incident={editing ?? null}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      />
    </Card>
  );
}
