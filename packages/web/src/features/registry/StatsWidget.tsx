import { Alert, Card, Col, Row, Skeleton, Statistic } from 'antd';
import { Link } from 'react-router';
import type { RegistryStats } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import type { MessageKey } from '../../app/catalogues.ts';
import { useRegistryStats } from './api.ts';

const FIELDS: { key: keyof RegistryStats; label: MessageKey }[] = [
  { key: 'households', label: 'registry.stats.households' },
  { key: 'persons', label: 'registry.stats.persons' },
  { key: 'shops', label: 'registry.stats.shops' },
  { key: 'owners', label: 'registry.stats.owners' },
  { key: 'tenants', label: 'registry.stats.tenants' },
  { key: 'floating', label: 'registry.stats.floating' },
  { key: 'tenanciesExpiringIn30Days', label: 'registry.stats.expiring' },
];

/** Dashboard: population counts of the caller's sites (GET /registry/stats). */
export default function RegistryStatsWidget() {
  const { t } = useI18n();
  const stats = useRegistryStats();
  return (
    <Card
      title={t('registry.stats.title')}
      extra={<Link to="/registry">{t('registry.stats.open')}</Link>}
      data-testid="registry-stats"
    >
      {stats.isLoading && <Skeleton active paragraph={{ rows: 1 }} />}
      {stats.error && <Alert type="error" showIcon title={errorMessage(stats.error)} />}
      {stats.data && (
        <Row gutter={[16, 16]}>
          {FIELDS.map((f) => (
            <Col key={f.key} xs={12} sm={8} md={6} xl={3}>
              {f.key === 'tenanciesExpiringIn30Days' ? (
                <Link to="/registry/tenancies?filter=expiring">
                  <Statistic
                    title={t(f.label)}
                    value={stats.data[f.key]}
                    styles={{ content: { color: stats.data[f.key] > 0 ? '#d46b08' : undefined } }}
                  />
                </Link>
              ) : (
                <Statistic title={t(f.label)} value={stats.data[f.key]} />
              )}
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
