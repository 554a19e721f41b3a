import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { AccessOverview, AccessOverviewSite } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';

/**
 * 分局总览: for an officer over many compounds, today's figures per compound (passages,
 * denials, strangers, open alerts), each linking to that compound's access log. Counts only.
 */
export default function OverviewPage() {
  const { t } = useI18n();
  const query = useQuery({
    queryKey: ['access', 'overview'],
    queryFn: ({ signal }) => api.get<AccessOverview>('/access/overview', {}, signal),
    refetchInterval: 60_000,
  });
  const logOf = (s: AccessOverviewSite, extra: Record<string, string> = {}) =>
    `/access/events?${new URLSearchParams({ siteId: s.siteId, ...extra }).toString()}`;
  const n = (v: number) => v.toLocaleString('en-US');
  const columns: ColumnsType<AccessOverviewSite> = [
    {
      title: t('access.overview.site'),
      dataIndex: 'siteName',
      render: (name: string, s) => <Link to={logOf(s)}>{name}</Link>,
    },
    { title: t('access.overview.passages'), dataIndex: 'passages', align: 'right', render: n },
    {
      title: t('access.overview.denials'),
      dataIndex: 'denials',
      align: 'right',
      render: (v: number, s) => <Link to={logOf(s, { decision: 'deny' })}>{n(v)}</Link>,
    },
    {
      title: t('access.overview.strangers'),
      dataIndex: 'strangers',
      align: 'right',
      render: (v: number, s) => <Link to={logOf(s, { reason: 'unknown_face' })}>{n(v)}</Link>,
    },
    { title: t('access.overview.openAlerts'), dataIndex: 'openAlerts', align: 'right', render: n },
  ];
  const sites = query.data?.sites ?? [];
  const sum = (k: 'passages' | 'denials' | 'strangers' | 'openAlerts') => sites.reduce((a, s) => a + s[k], 0);
  return (
    <Card
      title={t('access.overview.title', { date: query.data?.date ?? '' })}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()} loading={query.isFetching}>
          {t('common.refresh')}
        </Button>
      }
    >
      {query.error && (
        <Alert type="error" showIcon title={errorMessage(query.error)} style={{ marginBottom: 16 }} />
      )}
      <Table<AccessOverviewSite>
        rowKey="siteId"
        size="middle"
        data-testid="access-overview"
        columns={columns}
        dataSource={sites}
        loading={query.isLoading}
        pagination={sites.length > 50 ? { pageSize: 50 } : false}
        summary={() =>
          sites.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                {t('access.overview.total', { n: sites.length })}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {n(sum('passages'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {n(sum('denials'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {n(sum('strangers'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {n(sum('openAlerts'))}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('access.overview.footnote')}
      </Typography.Paragraph>
    </Card>
  );
}
