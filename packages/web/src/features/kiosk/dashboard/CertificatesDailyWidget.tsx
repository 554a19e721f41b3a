import { Alert, Card, Empty, Skeleton, Statistic, Flex } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { useAuth, useMe } from '../../../app/auth.tsx';
import { useI18n } from '../../../app/i18n.tsx';
import { dayjs, ZONE } from '../../../app/time.ts';
import { type ChartOption, EChart } from '../../alerts/EChart.tsx';
import { CERTIFICATE_TYPES, type CertificateType, useDailyCounts } from '../api.ts';

const DAYS = 14;
const COLORS: Record<CertificateType, string> = {
  hukou: '#1677ff',
  temporary_identity: '#13c2c2',
  no_criminal_record: '#722ed1',
};

/** Dashboard: certificates the kiosk issued per day by type over the last 14 days (GET /kiosk/certificates/daily). */
export default function CertificatesDailyWidget() {
  const { t } = useI18n();
  const me = useMe();
  const { can } = useAuth();
  const criminal = can('certificates.criminal');
  const siteId = me.sites[0]?.id;
  const daily = useDailyCounts(siteId);

  const { option, total } = useMemo(() => {
    const rows = daily.data ?? [];
    const today = dayjs().tz(ZONE).startOf('day');
    const days = Array.from({ length: DAYS }, (_, i) =>
      today.subtract(DAYS - 1 - i, 'day').format('YYYY-MM-DD'),
    );
    // Types with something issued; never no-criminal-record ones for readers who may not see them.
    const present = CERTIFICATE_TYPES.filter(
      (type) =>
        (type !== 'no_criminal_record' || criminal) && rows.some((r) => r.type === type && r.count > 0),
    );
    const count = (day: string, type: CertificateType) =>
      rows.filter((r) => r.day.slice(0, 10) === day && r.type === type).reduce((n, r) => n + r.count, 0);
    const chart: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 36, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: present.map((type) => ({
        name: t(`kioskConsole.certType.${type}`),
        type: 'bar',
        stack: 'certs',
        color: COLORS[type],
        data: days.map((d) => count(d, type)),
      })),
    };
    return {
      option: chart,
      total: rows.filter((r) => days.includes(r.day.slice(0, 10))).reduce((n, r) => n + r.count, 0),
    };
  }, [daily.data, t, criminal]);

  return (
    <Card
      title={t('kioskConsole.widget.title')}
      extra={<Link to="/kiosk/certificates">{t('kioskConsole.widget.open')}</Link>}
      data-testid="kiosk-certificates-widget"
    >
      {daily.isLoading && <Skeleton active paragraph={{ rows: 3 }} />}
      {daily.error && <Alert type="error" showIcon title={errorMessage(daily.error)} />}
      {daily.data &&
        (total === 0 ? (
          <Empty description={t('kioskConsole.widget.none')} />
        ) : (
          <Flex vertical gap={8}>
            <Statistic title={t('kioskConsole.widget.total')} value={total} />
            <EChart option={option} height={240} testId="kiosk-daily-chart" />
          </Flex>
        ))}
    </Card>
  );
}
