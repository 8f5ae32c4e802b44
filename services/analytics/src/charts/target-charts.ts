import { numberOf, percent, textOf, type ChartOption, type FigureRow, type Locale } from './chart-types.js';
import { frame } from './base.js';
import { label } from './labels.js';

/** A target as GET /v1/analytics/targets lists it: its id and its progress (progress, elapsed, drill). */
export interface TargetRow {
  readonly targetId: string;
  readonly progress: FigureRow;
}

/**
 * Progress toward each target against the time elapsed, in % (a target is on track when its progress
 * bar reaches its time bar). Each progress bar drills to the current figure's facts.
 */
export function targetProgressChart(targets: readonly TargetRow[], locale: Locale): ChartOption {
  const drill = (progress: FigureRow) => (typeof progress['drill'] === 'string' ? (progress['drill'] as string) : null);
  return frame(label('targets', locale), {
    tooltip: { trigger: 'axis' },
    grid: { left: 140, right: 24, top: 48, bottom: 56, containLabel: true },
    yAxis: { type: 'category', data: targets.map(({ targetId }) => textOf(targetId)), inverse: true },
    xAxis: { type: 'value', min: -50, max: 150 },
    series: [
      { type: 'bar', name: label('progressPercent', locale), data: targets.map(({ progress }) => ({ value: percent(numberOf(progress['progress'])), drill: drill(progress) })) },
      { type: 'bar', name: label('elapsedPercent', locale), data: targets.map(({ progress }) => ({ value: percent(numberOf(progress['elapsed'])), drill: drill(progress) })) },
    ],
  });
}
