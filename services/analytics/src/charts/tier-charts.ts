import { distinct, textOf, type ChartOption, type FigureRow, type Locale } from './chart-types.js';
import { frame, pointOf, seriesByCategory } from './base.js';
import { label, valueLabel } from './labels.js';

/**
 * Customers per tier (GET /v1/analytics/tiers/distribution rows): one bar per tier, or with a month
 * column the months stacked by tier. Each bar drills to the tier's customers at that month's end.
 */
export function tierDistributionChart(rows: readonly FigureRow[], locale: Locale): ChartOption {
  if (!rows.some((row) => 'month' in row)) {
    return frame(label('tierDistribution', locale), {
      xAxis: { type: 'category', data: distinct(rows, 'tier').map((tier) => valueLabel(tier, locale)) },
      yAxis: { type: 'value', name: label('customers', locale), minInterval: 1 },
      series: [{ type: 'bar', name: label('customers', locale), data: rows.map((row) => pointOf(row, 'customers')) }],
    });
  }
  const { categories, series } = seriesByCategory(rows, 'month', 'tier', (row) => pointOf(row, 'customers'), locale);
  return frame(label('tierDistribution', locale), {
    xAxis: { type: 'category', data: categories, name: label('month', locale) },
    yAxis: { type: 'value', name: label('customers', locale), minInterval: 1 },
    series: series.map(({ name, data }) => ({ type: 'bar', stack: 'tiers', name, data })),
  });
}

/**
 * Tier movements per month by direction (GET /v1/analytics/tiers/movement-counts rows grouped by
 * month and direction), stacked; each bar drills to its movements.
 */
export function tierMovementChart(rows: readonly FigureRow[], locale: Locale): ChartOption {
  const byMonth = rows.some((row) => 'month' in row);
  const { categories, series } = seriesByCategory(rows, byMonth ? 'month' : 'direction', 'direction', (row) => pointOf(row, 'movements'), locale);
  return frame(label('tierMovements', locale), {
    xAxis: { type: 'category', data: byMonth ? categories : categories.map((direction) => valueLabel(textOf(direction), locale)) },
    yAxis: { type: 'value', name: label('movements', locale), minInterval: 1 },
    series: series.map(({ name, data }) => ({ type: 'bar', stack: 'movements', name, data })),
  });
}
