import { distinct, numberOf, percent, textOf, drillOf, type ChartOption, type FigureRow, type Locale } from './chart-types.js';
import { frame, pointOf } from './base.js';
import { label } from './labels.js';

/**
 * Retention and churn per month in % (GET /v1/analytics/retention/retention rows grouped by month):
 * retention drills to the customers active at the month's start, churn to those lost.
 */
export function retentionChart(rows: readonly FigureRow[], locale: Locale): ChartOption {
  return frame(label('retention', locale), {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: distinct(rows, 'month') },
    yAxis: { type: 'value', name: '%', min: 0, max: 100 },
    series: [
      { type: 'line', name: label('retentionPercent', locale), data: rows.map((row) => pointOf(row, 'retention', percent)) },
      { type: 'line', name: label('churnPercent', locale), data: rows.map((row) => pointOf(row, 'churn', percent, 'drillLost')) },
    ],
  });
}

/**
 * The cohort table (GET /v1/analytics/retention/cohorts rows) as a heat map: cohort by months after
 * the first purchase, the share that purchased in %; each cell drills to the cohort's buyers of that month.
 */
export function cohortChart(rows: readonly FigureRow[], locale: Locale): ChartOption {
  const cohorts = distinct(rows, 'cohort');
  const ks = [...new Set(rows.map((row) => numberOf(row['k']) ?? 0))].sort((a, b) => a - b);
  const data = rows.map((row) => ({ value: [ks.indexOf(numberOf(row['k']) ?? 0), cohorts.indexOf(textOf(row['cohort'])), percent(numberOf(row['share']))], drill: drillOf(row) }));
  return frame(label('cohorts', locale), {
    tooltip: { trigger: 'item' },
    legend: { show: false },
    xAxis: { type: 'category', data: ks.map(String), name: label('monthsAfter', locale), nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'category', data: cohorts, name: label('cohort', locale) },
    visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120 },
    series: [{ type: 'heatmap', name: label('sharePercent', locale), data, label: { show: true } }],
  });
}
