import { BulbOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Empty, Row, Segmented, Select, Space, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { AGE_BANDS } from '@anju/contracts';
import { useAnalysis } from './api.ts';
import { barsOption, EChart, heatmapOption, shareGaugeOption, trendOption } from './charts.ts';
import { GROUP_COLORS, SiteSelect, useLocalName, useSiteChoice } from './shared.tsx';
import './incidents.css';

const MONTHS = [3, 6, 12, 24] as const;

/**
 * 分析研判: the generated summary on top (sentences the server writes from the same numbers), then
 * the trend against last year, when incidents happen (hour × weekday, Beijing time), counts by
 * category, the places with most incidents, the share of disputes and help requests, and fraud
 * victims' age bands (aggregate only).
 */
export default function AnalysisPage() {
  const { t, tr, lang } = useI18n();
  const name = useLocalName();
  const { siteId, setSiteId } = useSiteChoice();
  const [months, setMonths] = useState<number>(12);
  const [by, setBy] = useState<'week' | 'month'>('week');
  const analysis = useAnalysis(siteId, months);
  const a = analysis.data;

  const options = useMemo(() => {
    if (!a) return null;
    // Leaf categories: a top-level category's own count plus each child's, as recorded.
    const categories = a.byCategory
      .filter((c) => c.count > 0)
      .map((c) => ({ name: name(c), value: c.count, color: GROUP_COLORS[c.group] }))
      .sort((x, y) => y.value - x.value)
      .slice(0, 12);
    return {
      trend: trendOption(a, by, tr),
      heatmap: heatmapOption(a, tr),
      categories: barsOption(categories, t('inc.an.count')),
      places: barsOption(
        a.topPlaces.slice(0, 10).map((p) => ({ name: p.label, value: p.count, color: '#d46b08' })),
        t('inc.an.count'),
      ),
      share: shareGaugeOption(a.disputeHelp.share, t('inc.an.disputeShare')),
      ages: barsOption(
        AGE_BANDS.map((band) => ({
          name: band,
          value: a.fraudAgeBands.find((b) => b.band === band)?.count ?? 0,
          color: GROUP_COLORS.fraud,
        })),
        t('inc.an.count'),
        true,
      ),
    };
  }, [a, by, t, tr, name]);

  const summary = a ? (lang === 'en' ? a.summary.en : a.summary.zh) : [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="incident-analysis">
      <Card
        title={t('inc.an.title')}
        extra={
          <Space>
            <SiteSelect siteId={siteId} onChange={setSiteId} />
            <Select<number>
              value={months}
              onChange={setMonths}
              style={{ width: 150 }}
              options={MONTHS.map((m) => ({
                value: m,
                label: t('inc.an.months', { n: m }),
              }))}
              data-testid="analysis-months"
            />
          </Space>
        }
      >
        {analysis.error && <Alert type="error" showIcon title={errorMessage(analysis.error)} />}
        <Row gutter={16} align="middle">
          <Col flex="auto">
            <Alert
              type="info"
              icon={<BulbOutlined />}
              showIcon
              data-testid="analysis-summary"
              title={t('inc.an.summary')}
              description={
                summary.length > 0 ? (
                  summary.map((s) => (
                    <Typography.Paragraph key={s} style={{ margin: 0, fontSize: 15 }}>
                      {s}
                    </Typography.Paragraph>
                  ))
                ) : (
                  <span>{a ? t('inc.an.empty') : '…'}</span>
                )
              }
            />
          </Col>
          <Col flex="160px">
            <Statistic title={t('inc.an.total')} value={a?.total ?? 0} data-testid="analysis-total" />
            {a && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.from} – {a.to}
              </Typography.Text>
            )}
          </Col>
        </Row>
      </Card>
      {a && options && a.total === 0 && <Empty description={t('inc.an.empty')} />}
      {a && options && a.total > 0 && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card
              size="small"
              title={t('inc.an.trend')}
              extra={
                <Segmented<'week' | 'month'>
                  size="small"
                  value={by}
                  onChange={setBy}
                  options={[
                    { value: 'week', label: t('inc.an.byWeek') },
                    { value: 'month', label: t('inc.an.byMonth') },
                  ]}
                />
              }
            >
              <EChart option={options.trend} height={280} testId="chart-trend" />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('inc.an.heatmap')}>
              <EChart option={options.heatmap} height={280} testId="chart-heatmap" />
            </Card>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Card size="small" title={t('inc.an.byCategory')}>
              <EChart option={options.categories} height={300} testId="chart-categories" />
            </Card>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Card size="small" title={t('inc.an.topPlaces')}>
              <EChart option={options.places} height={300} testId="chart-places" />
            </Card>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Card size="small" title={t('inc.an.disputeShare')}>
              <EChart option={options.share} height={190} testId="chart-share" />
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
                {t('inc.an.disputeShareHint')} · {a.disputeHelp.count} / {a.disputeHelp.total}
              </Typography.Paragraph>
              <Typography.Text strong>{t('inc.an.fraudAges')}</Typography.Text>
              <EChart option={options.ages} height={110} testId="chart-ages" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('inc.an.fraudAgesHint')}
              </Typography.Text>
            </Card>
          </Col>
          {a.byBuilding.length > 0 && (
            <Col span={24}>
              <Card size="small" title={t('inc.an.byBuilding')}>
                <BuildingMap buildings={a.byBuilding} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('inc.an.byBuildingHint')}
                </Typography.Text>
              </Card>
            </Col>
          )}
        </Row>
      )}
    </Space>
  );
}

/** The compound's buildings as tiles in number order, shaded by their share of the busiest one. */
function BuildingMap({ buildings }: { buildings: { buildingId: string; name: string; count: number }[] }) {
  const { t } = useI18n();
  const max = Math.max(1, ...buildings.map((b) => b.count));
  return (
    <div className="inc-building-map" data-testid="building-map">
      {buildings.map((b) => {
        const strength = b.count / max;
        return (
          <div
            key={b.buildingId}
            className="inc-building"
            data-testid={`building-${b.buildingId}`}
            style={{
              background: `rgba(212, 107, 8, ${0.08 + 0.82 * strength})`,
              color: strength > 0.55 ? '#fff' : undefined,
            }}
          >
            <span className="inc-building-name">{b.name}</span>
            <span className="inc-building-count">{t('inc.an.buildingCount', { n: b.count })}</span>
          </div>
        );
      })}
    </div>
  );
}
