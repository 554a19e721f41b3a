import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Input, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import { serverPagination, useUrlFilters } from '../../app/url-filters.ts';
import {
  MEDIATION_GRADES,
  MEDIATION_STATUSES,
  MEDIATION_TYPES,
  type MediationCaseListItem,
  type MediationGrade,
  type MediationListQuery,
  type MediationStatus,
  type MediationType,
  useCases,
} from './api.ts';
import { IntakeDrawer } from './IntakeDrawer.tsx';
import { OverdueTag, RiskTag, SiteSelect, StatusTag, useMedLabel, useSiteChoice } from './shared.tsx';
import './mediation.css';

const FILTER_KEYS = ['status', 'type', 'grade', 'overdue', 'q', 'site', 'incident'] as const;

/**
 * 调解案件: the site's disputes from intake to closing, filtered in the URL (status, type, grade,
 * overdue, words); a mediator's list holds only the cases whose team includes them (the server's
 * rule). `?incident=<id>` opens the intake prefilled from that police call.
 */
export default function CasesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const label = useMedLabel();
  const navigate = useNavigate();
  const { filters, page, pageSize, setFilters } = useUrlFilters(FILTER_KEYS);
  const { siteId, setSiteId } = useSiteChoice(filters.site);
  const [q, setQ] = useState(filters.q ?? '');
  const [intakeOpen, setIntakeOpen] = useState(!!filters.incident);

  const query = useMemo<MediationListQuery | null>(
    () =>
      siteId
        ? {
            siteId,
            status: filters.status as MediationStatus | undefined,
            type: filters.type as MediationType | undefined,
            grade: filters.grade as MediationGrade | undefined,
            overdue: filters.overdue === 'true' ? 'true' : undefined,
            q: filters.q,
            limit: pageSize,
            offset: (page - 1) * pageSize,
          }
        : null,
    [siteId, filters, page, pageSize],
  );
  const list = useCases(query);
  const set = (patch: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>) =>
    setFilters({ ...filters, ...patch } as Record<string, string>);

  if (!siteId) return <Alert type="warning" showIcon title={t('med.noSite')} />;

  return (
    <Card
      title={t('med.list.title')}
      className="med-page"
      extra={
        <Space wrap>
          <SiteSelect
            siteId={siteId}
            onChange={(s) => {
              setSiteId(s);
              set({ site: s });
            }}
          />
          {can('mediation.intake') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setIntakeOpen(true)}
              data-testid="case-new"
            >
              {t('med.list.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="case-filters">
        <Select<MediationStatus>
          allowClear
          placeholder={t('med.field.status')}
          value={filters.status as MediationStatus | undefined}
          onChange={(v) => set({ status: v })}
          style={{ width: 130 }}
          data-testid="filter-status"
          options={MEDIATION_STATUSES.map((s) => ({ value: s, label: label('status', s) }))}
        />
        <Select<MediationType>
          allowClear
          placeholder={t('med.field.type')}
          value={filters.type as MediationType | undefined}
          onChange={(v) => set({ type: v })}
          style={{ width: 140 }}
          data-testid="filter-type"
          options={MEDIATION_TYPES.map((s) => ({ value: s, label: label('type', s) }))}
        />
        <Select<MediationGrade>
          allowClear
          placeholder={t('med.field.grade')}
          value={filters.grade as MediationGrade | undefined}
          onChange={(v) => set({ grade: v })}
          style={{ width: 140 }}
          data-testid="filter-grade"
          options={MEDIATION_GRADES.map((s) => ({ value: s, label: label('grade', s) }))}
        />
        <Checkbox
          checked={filters.overdue === 'true'}
          onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}
          data-testid="filter-overdue"
        >
          {t('med.list.overdueOnly')}
        </Checkbox>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => set({ q: v })}
          placeholder={t('med.list.words')}
          enterButton={<SearchOutlined />}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="case-q"
        />
      </Flex>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<MediationCaseListItem>
        rowKey="id"
        size="middle"
        scroll={{ x: 900 }}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('med.list.empty') }}
        data-testid="case-table"
        rowClassName={(r) =>
          r.overdue.conclude || r.overdue.grading || r.overdue.firstContact ? 'med-overdue' : ''
        }
        onRow={(r) => ({ onClick: () => navigate(`/mediation/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={serverPagination(page, pageSize, list.data?.total ?? 0, (total) =>
          t('med.total', { total }),
        )}
        onChange={(p) => setFilters(filters, p.current ?? 1, p.pageSize ?? pageSize)}
        columns={[
          {
            title: t('med.field.serial'),
            dataIndex: 'serial',
            width: 170,
            render: (v: string, r) => (
              <Space size={4}>
                <Typography.Text strong>{v}</Typography.Text>
                <OverdueTag item={r} />
              </Space>
            ),
          },
          { title: t('med.field.type'), width: 110, render: (_, r) => label('type', r.type) },
          {
            title: t('med.field.parties'),
            render: (_, r) => (
              <Typography.Text ellipsis style={{ maxWidth: 220 }}>
                {r.partyNames.join('、') || '—'}
              </Typography.Text>
            ),
          },
          { title: t('med.field.status'), width: 100, render: (_, r) => <StatusTag status={r.status} /> },
          { title: t('med.field.grade'), width: 120, render: (_, r) => label('grade', r.grade) },
          { title: t('med.field.risk'), width: 90, render: (_, r) => <RiskTag risk={r.risk} /> },
          {
            title: t('med.field.acceptedAt'),
            dataIndex: 'acceptedAt',
            width: 150,
            render: (v: string) => formatDateTime(v).slice(0, 16),
          },
          {
            title: t('med.field.deadline'),
            dataIndex: 'concludeDue',
            width: 150,
            render: (v: string, r) => (
              <Typography.Text type={r.overdue.conclude ? 'danger' : undefined}>
                {formatDateTime(v).slice(0, 16)}
              </Typography.Text>
            ),
          },
        ]}
      />
      <IntakeDrawer
        siteId={siteId}
        incidentId={filters.incident}
        open={intakeOpen}
        onClose={() => {
          setIntakeOpen(false);
          if (filters.incident) set({ incident: undefined });
        }}
        onCreated={(id) => navigate(`/mediation/${id}`)}
      />
    </Card>
  );
}
