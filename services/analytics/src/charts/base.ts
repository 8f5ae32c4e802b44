import { distinct, drillOf, numberOf, textOf, type ChartOption, type DrillPoint, type FigureRow, type Locale } from './chart-types.js';
import { valueLabel } from './labels.js';

/** What every chart shares: a title, a tooltip, a legend, no animation (the server renders one frame). */
export function frame(title: string, more: ChartOption): ChartOption {
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 56, right: 24, top: 48, bottom: 56, containLabel: true },
    ...more,
  };
}

/** A point of a row: the value of `column` (as `scale` turns it), with the row's drill link. */
export function pointOf(row: FigureRow, column: string, scale: (value: number | null) => number | null = (value) => value, drillColumn = 'drill'): DrillPoint {
  return { value: scale(numberOf(row[column])), drill: drillOf(row, drillColumn) };
}

/**
 * One series per value of `seriesColumn`, one point per category of `categoryColumn` (null where a
 * series has no row for it): the usual month-by-something chart.
 */
export function seriesByCategory(rows: readonly FigureRow[], categoryColumn: string, seriesColumn: string, point: (row: FigureRow) => DrillPoint, locale: Locale) {
  const categories = distinct(rows, categoryColumn);
  const series = distinct(rows, seriesColumn).map((name) => {
    const members = rows.filter((row) => textOf(row[seriesColumn]) === name);
    const data = categories.map((category) => {
      const row = members.find((member) => textOf(member[categoryColumn]) === category);
      return row === undefined ? { value: null, drill: null } : point(row);
    });
    return { name: valueLabel(name, locale), data };
  });
  return { categories, series };
}
