import { Alert, Card, Col, Row, Skeleton, Statistic } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { useOverdueCounts } from '../api.ts';
import { SiteSelect, useSiteChoice } from '../shared.tsx';

const KINDS = ['firstContact', 'grading', 'conclude'] as const;

/**
 * Dashboard: the site's mediation cases past a deadline (first contact 1 h, grading 24 h,
 * conclusion within a month), by deadline; a mediator's counts are of their own cases only (the
 * server scopes them). The link opens the case list filtered to overdue cases.
 */
export default function OverdueWidget() {
  const { t } = useI18n();
  const { siteId, setSiteId } = useSiteChoice();
  const counts = useOverdueCounts(siteId);
  if (!siteId) return null;
  const listLink = `/mediation?overdue=true&site=${encodeURIComponent(siteId)}`;
  return (
    <Card
      title={t('med.widget.overdueTitle')}
      extra={
        <>
          <SiteSelect siteId={siteId} onChange={setSiteId} />{' '}
          <Link to={listLink} data-testid="mediation-overdue-link">
            {t('med.widget.openList')}
          </Link>
        </>
      }
      data-testid="mediation-overdue-widget"
    >
      {counts.error ? (
        <Alert type="error" showIcon title={errorMessage(counts.error)} />
      ) : !counts.data ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Link to={listLink} data-testid="mediation-overdue-total">
              <Statistic
                title={t('med.widget.overdueTotal')}
                value={counts.data.total}
                valueStyle={counts.data.total > 0 ? { color: '#cf1322' } : undefined}
              />
            </Link>
          </Col>
          {KINDS.map((k) => (
            <Col xs={12} md={6} key={k} data-testid={`mediation-overdue-${k}`}>
              <Statistic title={t(`med.widget.overdue.${k}`)} value={counts.data[k]} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
