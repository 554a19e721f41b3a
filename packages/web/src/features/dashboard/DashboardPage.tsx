import { Card, Col, Row, Skeleton } from 'antd';
import { Suspense } from 'react';
import { useAuth } from '../../app/auth.tsx';
import { DASHBOARD_WIDGETS } from './widgets.tsx';

export default function DashboardPage() {
  const { can } = useAuth();
  const widgets = DASHBOARD_WIDGETS.filter((w) => !w.permission || can(w.permission));
  return (
    <Row gutter={[16, 16]} data-testid="dashboard">
      {widgets.map(({ key, span, component: Widget }) => (
        <Col key={key} xs={24} lg={span} data-widget={key}>
          <Suspense
            fallback={
              <Card>
                <Skeleton active />
              </Card>
            }
          >
            <Widget />
          </Suspense>
        </Col>
      ))}
    </Row>
  );
}
