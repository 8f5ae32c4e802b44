import { distinct, textOf, percent, type ChartOption, type FigureRow, type Locale } from './chart-types.js';
import { frame, pointOf, seriesByCategory } from './base.js';
import { label, valueLabel } from './labels.js';

/**
 * SLA compliance (GET /v1/analytics/service-levels/compliance rows) by one dimension (tier, channel,
 * type, team, priority or month): compliance in % per value; with `seriesBy` (e.g. month by tier) one
 * line per value of it. Each point drills to its clocks.
 */
export function slaComplianceChart(rows: readonly FigureRow[], dimension: string, locale: Locale, seriesBy?: string): ChartOption {
  const yAxis = { type: 'value' as const, name: label('compliancePercent', locale), min: 0, max: 100 };
  if (seriesBy !== undefined) {
    const { categories, series } = seriesByCategory(rows, dimension, seriesBy, (row) => pointOf(row, 'compliance', percent), locale);
    return frame(label('slaCompliance', locale), { xAxis: { type: 'category', data: categories }, yAxis, series: series.map(({ name, data }) => ({ type: 'line', name, data, connectNulls: false })) });
  }
  return frame(label('slaCompliance', locale), {
    xAxis: { type: 'category', data: distinct(rows, dimension).map((value) => valueLabel(value, locale)) },
    yAxis,
    series: [
      { type: 'bar', name: label('compliancePercent', locale), data: rows.map((row) => pointOf(row, 'compliance', percent)), label: { show: true, position: 'top' } },
    ],
    tooltip: { trigger: 'item', formatter: '{b}: {c} %' },
    legend: { show: false, data: rows.map((row) => textOf(row[dimension])) },
  });
}

/** Met and breached clocks per value of a dimension, stacked; the breached bars drill to the breached clocks. */
export function slaOutcomeChart(rows: readonly FigureRow[], dimension: string, locale: Locale): ChartOption {
  return frame(label('slaCompliance', locale), {
    xAxis: { type: 'category', data: distinct(rows, dimension).map((value) => valueLabel(value, locale)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', stack: 'outcome', name: label('met', locale), data: rows.map((row) => pointOf(row, 'met')) },
      { type: 'bar', stack: 'outcome', name: label('breached', locale), data: rows.map((row) => pointOf(row, 'breached', undefined, 'drillBreached')) },
    ],
  });
}
