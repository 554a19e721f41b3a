import { Alert, Card, Empty, Skeleton, Space, Table, Tag } from 'antd';
import type { MyHousehold } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { MyDataCard } from '../privacy/MyDataCard.tsx';
import { useMyHousehold } from './api.ts';
import { relationText, residencyTypeText, STATUS_COLORS, statusText } from './labels.ts';

type Row = MyHousehold['households'][number]['members'][number];

/** 我的家庭: a resident sees only their own household (GET /registry/my-household). */
export default function MyHouseholdPage() {
  const { t, lang } = useI18n();
  const mine = useMyHousehold();
  if (mine.isLoading) return <Skeleton active />;
  if (mine.error) return <Alert type="error" showIcon title={errorMessage(mine.error)} />;
  const households = mine.data?.households ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {!households.length && <Empty description={t('registry.noHousehold')} />}
      {households.map((h) => (
        <Card key={h.id} title={h.roomLabel}>
          <Table<Row>
            rowKey={(r) => `${r.name}-${r.since}-${r.type}`}
            size="small"
            pagination={false}
            dataSource={h.members}
            scroll={{ x: 560 }}
            columns={[
              {
                title: t('registry.name'),
                dataIndex: 'name',
                render: (v: string, r) => (
                  <>
                    {v} {r.isMe && <Tag color="blue">{t('registry.me')}</Tag>}
                  </>
                ),
              },
              {
                title: t('registry.relation'),
                dataIndex: 'relationToHead',
                render: (v) => relationText(v, lang),
              },
              {
                title: t('registry.type'),
                dataIndex: 'type',
                render: (v: string) => residencyTypeText(v, lang),
              },
              { title: t('registry.since'), dataIndex: 'since' },
              { title: t('registry.validTo'), dataIndex: 'validTo', render: (v: string | null) => v ?? '—' },
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
        </Card>
      ))}
      <Alert type="info" showIcon title={t('registry.myHouseholdHint')} />
      <MyDataCard />
    </Space>
  );
}
