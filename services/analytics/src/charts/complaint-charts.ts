import { distinct, percent, textOf, type ChartOption, type FigureRow, type Locale } from './chart-types.js';
import { frame, pointOf, seriesByCategory } from './base.js';
import { label, valueLabel } from './labels.js';

/**
 * The root-cause mix (GET /v1/analytics/complaints/causes rows): complaints per cause, months stacked
 * when there are several. Each bar drills to the complaints of that cause and month.
 */
export function complaintCauseChart(rows: readonly FigureRow[], locale: Locale): ChartOption {
  const { categories, series } = seriesByCategory(rows, 'cause', 'month', (row) => pointOf(row, 'count'), locale);
  return frame(label('complaintCauses', locale), {
    xAxis: { type: 'category', data: categories.map((cause) => valueLabel(textOf(cause), locale)), axisLabel: { interval: 0, rotate: categories.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', name: label('complaints', locale), minInterval: 1 },
    series: series.map(({ name, data }) => ({ type: 'bar', stack: 'months', name, data })),
  });
}

/** The complaint rate per month in % (GET /v1/analytics/complaints/rate rows); each point drills to the month's complaints. */
export function complaintRateChart(rows: readonly FigureRow[], locale: Locale): ChartOption {
  return frame(label('complaintRate', locale), {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: distinct(rows, 'month') },
    yAxis: { type: 'value', name: label('complaintRatePercent', locale) },
    series: [{ type: 'line', name: label('complaintRatePercent', locale), data: rows.map((row) => pointOf(row, 'complaintRate', percent)) }],
  });
}
