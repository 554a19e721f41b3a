import { Alert, Card, Col, DatePicker, Row, Space, Statistic } from 'antd';
import { useMemo } from 'react';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs } from '../../app/time.ts';
import { useUrlFilters } from '../../app/url-filters.ts';
import { type ChartOption, EChart } from '../alerts/EChart.tsx';
import { type MediationStats, useMediationStats } from './api.ts';
import { SiteSelect, useMedLabel, useSiteChoice } from './shared.tsx';
import './mediation.css';

const FILTER_KEYS = ['from', 'to', 'site'] as const;
const BLUE = '#1a56b8';
const GREEN = '#389e0d';
const GREY = '#bfbfbf';

/** A rate as the page shows it: "100%" (one decimal when not whole), "—" when there is nothing to rate. */
export function percent(rate: number | null): string {
  if (rate === null) return '—';
  const p = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}

function barsOption(
  s: MediationStats,
  label: (code: string) => string,
  tr: (k: 'med.stats.accepted' | 'med.stats.agreements') => string,
): ChartOption {
  const rows = s.byType.filter((r) => r.accepted > 0);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 80, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => label(r.type)), inverse: true },
    series: [
      { name: tr('med.stats.accepted'), type: 'bar', color: BLUE, data: rows.map((r) => r.accepted) },
      { name: tr('med.stats.agreements'), type: 'bar', color: GREEN, data: rows.map((r) => r.agreements) },
    ],
  };
}

function monthsOption(s: MediationStats, names: [string, string, string]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 36, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: s.byMonth.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: names[0], type: 'bar', color: BLUE, data: s.byMonth.map((m) => m.accepted) },
      { name: names[1], type: 'bar', color: GREY, data: s.byMonth.map((m) => m.concluded) },
      { name: names[2], type: 'line', color: GREEN, data: s.byMonth.map((m) => m.agreements) },
    ],
  };
}

/**
 * 调解统计: accepted, on-the-spot against 2+N, success rate (agreements / concluded), fulfilment
 * rate (fulfilled / agreements due), average days to conclusion, repeat calls about the same
 * parties within 90 days, by type and by month — all computed by the server from the cases.
 */
export default function StatsPage() {
  const { t } = useI18n();
  const label = useMedLabel();
  const { filters, setFilters } = useUrlFilters(FILTER_KEYS);
  const { siteId, setSiteId } = useSiteChoice(filters.site);
  const stats = useMediationStats(siteId, filters.from, filters.to);
  const s = stats.data;
  const options = useMemo(
    () =>
      s
        ? {
            types: barsOption(s, (c) => label('type', c), t),
            months: monthsOption(s, [
              t('med.stats.accepted'),
              t('med.stats.concluded'),
              t('med.stats.agreements'),
            ]),
          }
        : null,
    [s, label, t],
  );
  if (!siteId) return <Alert type="warning" showIcon title={t('med.noSite')} />;
  const figures: { key: string; title: string; value: string | number }[] = s
    ? [
        { key: 'accepted', title: t('med.stats.accepted'), value: s.accepted },
        { key: 'onSpot', title: t('med.stats.onSpot'), value: s.onSpot },
        { key: 'twoPlusN', title: t('med.stats.twoPlusN'), value: s.twoPlusN },
        { key: 'concluded', title: t('med.stats.concluded'), value: s.concluded },
        { key: 'successRate', title: t('med.stats.successRate'), value: percent(s.successRate) },
        { key: 'fulfilmentRate', title: t('med.stats.fulfilmentRate'), value: percent(s.fulfilmentRate) },
        {
          key: 'avgDays',
          title: t('med.stats.avgDays'),
          value: s.avgDaysToConclude === null ? '—' : s.avgDaysToConclude.toFixed(1),
        },
        { key: 'repeat', title: t('med.stats.repeat'), value: s.repeatParties90d },
      ]
    : [];
  return (
    <Space
      orientation="vertical"
      size={16}
      style={{ width: '100%' }}
      className="med-page"
      data-testid="mediation-stats"
    >
      <Card
        title={t('med.stats.title')}
        extra={
          <Space wrap>
            <SiteSelect
              siteId={siteId}
              onChange={(v) => {
                setSiteId(v);
                setFilters({ ...filters, site: v });
              }}
            />
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
              onChange={(r) =>
                setFilters({
                  ...filters,
                  from: r?.[0]?.format('YYYY-MM-DD'),
                  to: r?.[1]?.format('YYYY-MM-DD'),
                })
              }
              data-testid="stats-range"
            />
          </Space>
        }
      >
        {stats.error && <Alert type="error" showIcon title={errorMessage(stats.error)} />}
        {s && (
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={`${t('med.stats.period')}：${s.from} ~ ${s.to}`}
            data-testid="stats-period"
          />
        )}
        <Row gutter={[16, 16]}>
          {figures.map((f) => (
            <Col key={f.key} xs={12} md={6}>
              <Statistic
                title={f.title}
                value={f.value}
                loading={stats.isPending}
                data-testid={`stat-${f.key}`}
              />
            </Col>
          ))}
        </Row>
      </Card>
      {options && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('med.stats.byType')} size="small">
              <EChart option={options.types} height={300} testId="chart-by-type" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('med.stats.byMonth')} size="small">
              <EChart option={options.months} height={300} testId="chart-by-month" />
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
