import { Alert, Card, Col, Empty, Row, Skeleton, Statistic } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { useMe } from '../../../app/auth.tsx';
import { useI18n } from '../../../app/i18n.tsx';
import { type ChartOption, EChart } from '../../alerts/EChart.tsx';
import { type AppointmentStats, BOOKING_CHANNELS, useStats } from '../api.ts';
import { addDays, todayInZone, useLocalName } from '../shared.tsx';

const DAYS = 28;
const KIND_COLORS = {
  workday: '#1677ff',
  makeup_workday: '#fa8c16',
  weekend: '#52c41a',
  statutory_holiday: '#f5222d',
} as const;
const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`;

/**
 * Dashboard: the last four weeks of appointments (GET /stats): bookings by day and channel, by
 * service, the weekend / holiday share, the no-show rate and the waiting time at the counter.
 */
export default function AppointmentStatsWidget() {
  const { t } = useI18n();
  const me = useMe();
  const localName = useLocalName();
  const siteId = me.sites[0]?.id;
  const to = todayInZone();
  const from = addDays(to, -(DAYS - 1));
  const stats = useStats(siteId, from, to);

  const { byDay, byChannel, byService } = useMemo(() => {
    const data = stats.data;
    const days = Array.from({ length: DAYS }, (_, i) => addDays(from, i));
    const dayRow = new Map((data?.byDay ?? []).map((d) => [d.date, d]));
    const channels: Partial<AppointmentStats['byChannel']> = data?.byChannel ?? {};
    // One series per kind of day, stacked: the weekend and holiday bookings stand out.
    const kinds = ['workday', 'makeup_workday', 'weekend', 'statutory_holiday'] as const;
    const dayOption: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 36, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: kinds.map((kind) => ({
        name: t(`appt.dayKind.${kind}`),
        type: 'bar',
        stack: 'days',
        color: KIND_COLORS[kind],
        data: days.map((d) => {
          const row = dayRow.get(d);
          return row && row.kind === kind ? row.count : 0;
        }),
      })),
    };
    const channelOption: ChartOption = {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          name: t('appt.widget.channels'),
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['50%', '42%'],
          label: { show: false },
          data: BOOKING_CHANNELS.map((c) => ({
            name: t(`appt.channel.${c}`),
            value: channels[c] ?? 0,
          })).filter((x) => x.value > 0),
        },
      ],
    };
    const rows = [...(data?.byService ?? [])].sort((a, b) => a.count - b.count);
    const serviceOption: ChartOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 16, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => localName(r)) },
      series: [{ type: 'bar', color: '#13c2c2', data: rows.map((r) => r.count) }],
    };
    return { byDay: dayOption, byChannel: channelOption, byService: serviceOption };
  }, [stats.data, from, t, localName]);

  const data = stats.data;
  return (
    <Card
      title={t('appt.widget.title')}
      extra={<Link to="/appointments">{t('appt.widget.open')}</Link>}
      data-testid="appointments-widget"
    >
      {stats.isLoading && <Skeleton active paragraph={{ rows: 3 }} />}
      {stats.error && <Alert type="error" showIcon title={errorMessage(stats.error)} />}
      {data &&
        (data.total === 0 ? (
          <Empty description={t('appt.widget.none')} />
        ) : (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={5}>
                <Statistic title={t('appt.widget.total')} value={data.total} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title={t('appt.widget.weekendShare')} value={percent(data.weekendHolidayShare)} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title={t('appt.widget.noShowRate')} value={percent(data.noShowRate)} />
              </Col>
              <Col xs={12} md={9}>
                <Statistic
                  title={t('appt.widget.waiting')}
                  value={
                    data.waiting.count > 0
                      ? t('appt.widget.waitingValue', {
                          p50: data.waiting.p50Min ?? '—',
                          avg: data.waiting.meanMin ?? '—',
                        })
                      : '—'
                  }
                />
              </Col>
            </Row>
            <Row gutter={[16, 16]} style={{ marginTop: 8 }}>
              <Col xs={24} xl={12}>
                <EChart option={byDay} height={240} testId="appointments-by-day" />
              </Col>
              <Col xs={24} md={12} xl={5}>
                <EChart option={byChannel} height={240} testId="appointments-by-channel" />
              </Col>
              <Col xs={24} md={12} xl={7}>
                <EChart option={byService} height={240} testId="appointments-by-service" />
              </Col>
            </Row>
          </>
        ))}
    </Card>
  );
}
