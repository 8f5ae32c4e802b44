import type { EChartsOption } from 'echarts';

/** The languages of the charts' titles, axes and legends. */
export type Locale = 'zh-CN' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'en'];

/** An ECharts option: the same object renders in the browser and, through `renderSvg`, on the server. */
export type ChartOption = EChartsOption;

/**
 * One data point: its value and the drill link of the table row it came from (the listing of the facts
 * behind it, each with its events). A click handler reads `params.data.drill`.
 */
export interface DrillPoint {
  value: number | null;
  drill: string | null;
}

/** A table row as the areas' routes answer it: its dimensions, its numbers and its drill links. */
export type FigureRow = Readonly<Record<string, unknown>>;

export const numberOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
export const textOf = (value: unknown): string => (value === null || value === undefined ? 'none' : String(value));
export const drillOf = (row: FigureRow, column = 'drill'): string | null => (typeof row[column] === 'string' ? (row[column] as string) : null);

/** The distinct values of a column, in first-seen order. */
export function distinct(rows: readonly FigureRow[], column: string): string[] {
  return [...new Set(rows.map((row) => textOf(row[column])))];
}

/** A share (0..1) as a percentage with one decimal, or null. */
export const percent = (value: number | null): number | null => (value === null ? null : Math.round(value * 1000) / 10);
