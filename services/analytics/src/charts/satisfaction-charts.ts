import { distinct, percent, type ChartOption, type FigureRow, type Locale } from './chart-types.js';
import { frame, pointOf } from './base.js';
import { label } from './labels.js';

/**
 * The satisfaction trend (GET /v1/analytics/satisfaction/trend rows grouped by month): CSAT and the
 * response rate in %, NPS in points on its own axis. Each point drills to the month's invitations.
 */
export function satisfactionTrendChart(rows: readonly FigureRow[], locale: Locale): ChartOption {
  return frame(label('satisfactionTrend', locale), {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: distinct(rows, 'month') },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100 },
      { type: 'value', name: label('nps', locale), min: -100, max: 100 },
    ],
    series: [
      { type: 'line', name: label('csat', locale), data: rows.map((row) => pointOf(row, 'csat', percent)) },
      { type: 'line', name: label('responseRate', locale), data: rows.map((row) => pointOf(row, 'responseRate', percent)) },
      { type: 'line', name: label('nps', locale), yAxisIndex: 1, data: rows.map((row) => pointOf(row, 'nps')) },
    ],
  });
}
