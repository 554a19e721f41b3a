import { HomeOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import type { SearchResult } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { useSearch } from './api.ts';
import { residencyTypeText, STATUS_COLORS, statusText } from './labels.ts';
import { useRegistryDrawers } from './RegistryPage.tsx';
import './registry.css';

/** 查找人员: one box for name, pinyin initials, ID number, phone, flat (3-2-1501), shop, plate. */
export default function SearchPage() {
  const { t, lang } = useI18n();
  const { params, set, drawers } = useRegistryDrawers();
  const q = params.get('q') ?? '';
  const search = useSearch(q);
  const open = (r: SearchResult) => {
    if (r.kind === 'person') set('person', r.id);
    else if (r.kind === 'room') set('room', r.id);
    else set('room', r.roomId);
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} className="reg-phone">
      <Card>
        <Input.Search
          size="large"
          enterButton
          allowClear
          defaultValue={q}
          placeholder={t('registry.searchHint')}
          onSearch={(v) => set('q', v.trim() || null)}
          data-testid="registry-search"
          aria-label={t('registry.searchHint')}
        />
      </Card>
      {search.error && <Alert type="error" showIcon title={errorMessage(search.error)} />}
      {q && (
        <Card
          title={t('registry.results')}
          extra={
            search.data && (
              <Typography.Text type="secondary">
                {t(`registry.matchedBy.${search.data.matchedBy}`)} ·{' '}
                {t('registry.totalN', { n: search.data.items.length })}
              </Typography.Text>
            )
          }
        >
          <List<SearchResult>
            loading={search.isFetching}
            dataSource={search.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('registry.noResults')} /> }}
            renderItem={(r) => (
              <List.Item
                key={`${r.kind}-${r.id}`}
                onClick={() => open(r)}
                style={{ cursor: 'pointer' }}
                data-testid="search-result"
              >
                {r.kind === 'person' ? (
                  <List.Item.Meta
                    avatar={<UserOutlined />}
                    title={
                      <Space wrap size={4}>
                        <Typography.Link>{r.name}</Typography.Link>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {r.gender === 'male' ? t('registry.male') : t('registry.female')} ·{' '}
                          {t('registry.ageYears', { n: r.age })} · {r.idNumberMasked}
                        </Typography.Text>
                      </Space>
                    }
                    description={
                      <Space wrap size={4}>
                        {r.roomLabel && <Tag>{r.roomLabel}</Tag>}
                        {r.residencyType && (
                          <Tag color="blue">{residencyTypeText(r.residencyType, lang)}</Tag>
                        )}
                        {r.status && (
                          <Tag color={STATUS_COLORS[r.status]}>
                            {lang === 'en' ? statusText(r.status, lang) : r.statusLabel}
                          </Tag>
                        )}
                      </Space>
                    }
                  />
                ) : r.kind === 'room' ? (
                  <List.Item.Meta
                    avatar={r.roomKind === 'shop' ? <ShopOutlined /> : <HomeOutlined />}
                    title={<Typography.Link>{r.label}</Typography.Link>}
                    description={r.roomKind === 'shop' ? t('registry.shop') : t('registry.flat')}
                  />
                ) : (
                  <List.Item.Meta
                    avatar={<ShopOutlined />}
                    title={<Typography.Link>{r.name}</Typography.Link>}
                    description={`${r.roomLabel}${r.operatorName ? ` · ${t('registry.operator')} ${r.operatorName}` : ''}`}
                  />
                )}
              </List.Item>
            )}
          />
        </Card>
      )}
      {drawers}
    </Space>
  );
}
