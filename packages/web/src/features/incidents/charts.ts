import { GaugeChart, HeatmapChart } from 'echarts/charts';
import { MarkLineComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ChartOption } from '../alerts/EChart.tsx';
import type { IncidentAnalysis } from './api.ts';

// The analysis page draws two more kinds than the duty board: the hour × weekday heatmap and the
// share gauge. Registering them here keeps them out of the dashboard's chunk.
echarts.use([HeatmapChart, GaugeChart, VisualMapComponent, MarkLineComponent]);

export { type ChartOption, EChart } from '../alerts/EChart.tsx';

type Tr = (key: string, vars?: Record<string, string | number>) => string;

const BLUE = '#1a56b8';
const GREY = '#bfbfbf';

/** This period against the same weeks or months a year before (two lines). */
export function trendOption(a: IncidentAnalysis, by: 'week' | 'month', tr: Tr): ChartOption {
  const rows =
    by === 'week'
      ? a.weekly.map((w) => ({ x: w.week.slice(5), ...w }))
      : a.monthly.map((m) => ({ x: m.month, ...m }));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 36, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.x), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: tr('inc.an.thisYear'),
        type: 'line',
        color: BLUE,
        areaStyle: { opacity: 0.12 },
        data: rows.map((r) => r.count),
      },
      {
        name: tr('inc.an.lastYear'),
        type: 'line',
        color: GREY,
        lineStyle: { type: 'dashed' },
        data: rows.map((r) => r.lastYear),
      },
    ],
  };
}

/** Hour of day (x, Asia/Shanghai) × weekday (y, Monday on top). */
export function heatmapOption(a: IncidentAnalysis, tr: Tr): ChartOption {
  const hours = Array.from({ length: 24 }, (_, h) => String(h));
  const days = [1, 2, 3, 4, 5, 6, 7].map((d) => tr(`inc.an.weekday.${d}`));
  const max = Math.max(1, ...a.heatmap.map((c) => c.count));
  return {
    tooltip: {
      position: 'top',
      formatter: (p: { data: [number, number, number] }) =>
        `${days[p.data[1]]} ${tr('inc.an.hour', { h: p.data[0] })}: ${p.data[2]}`,
    },
    grid: { left: 44, right: 16, top: 8, bottom: 56 },
    xAxis: { type: 'category', data: hours, splitArea: { show: true } },
    yAxis: { type: 'category', data: days, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemWidth: 10,
      itemHeight: 160,
      text: [String(max), '0'],
      textStyle: { fontSize: 11, color: '#8c8c8c' },
      inRange: { color: ['#f0f5ff', '#85a5ff', '#1d39c4', '#a8071a'] },
    },
    series: [
      {
        type: 'heatmap',
        data: a.heatmap.map((c) => [c.hour, c.weekday - 1, c.count]),
        emphasis: { itemStyle: { shadowBlur: 6, shadowColor: 'rgba(0,0,0,0.3)' } },
      },
    ],
  };
}

/** Horizontal bars, largest on top (or in the rows' order, first on top). */
export function barsOption(
  rows: { name: string; value: number; color?: string }[],
  unit: string,
  /** keep the rows' order (age bands) instead of sorting by count */
  keepOrder = false,
): ChartOption {
  const sorted = keepOrder ? [...rows].reverse() : [...rows].sort((x, y) => x.value - y.value);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, name: unit, show: false },
    yAxis: { type: 'category', data: sorted.map((r) => r.name), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        label: { show: true, position: 'right' },
        data: sorted.map((r) => ({
          value: r.value,
          itemStyle: { color: r.color ?? BLUE, borderRadius: [0, 3, 3, 0] },
        })),
      },
    ],
  };
}

/** The share of disputes and help requests, with the article's two thirds marked. */
export function shareGaugeOption(share: number | null, label: string): ChartOption {
  const pct = share === null ? 0 : Math.round(share * 1000) / 10;
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        startAngle: 200,
        endAngle: -20,
        radius: '95%',
        center: ['50%', '60%'],
        progress: { show: true, width: 16, itemStyle: { color: '#13a8a8' } },
        axisLine: {
          lineStyle: {
            width: 16,
            color: [
              [2 / 3, '#e6f4ff'],
              [1, '#f0f0f0'],
            ],
          },
        },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: true, offsetCenter: [0, '30%'], fontSize: 12, color: '#666' },
        detail: {
          valueAnimation: false,
          fontSize: 28,
          offsetCenter: [0, '-5%'],
          formatter: share === null ? '—' : '{value}%',
          color: '#262626',
        },
        data: [{ value: pct, name: label }],
      },
    ],
  };
}
