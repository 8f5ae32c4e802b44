import { startOfDayIn, type IsoDate } from '@ctp/calendar';
import { monthIn, monthStartIn, nextMonth, previousMonth, type Month } from '../metrics/period.js';
import { ratio, round, type Ratio } from '../metrics/ratios.js';
import type { TargetDocument } from './target-decider.js';

export const progressDefinitions = {
  window: 'the current value is counted over the months after the baseline period up to the last full month before asOf (none yet: no current value)',
  progress: '(current − baseline) / (target − baseline): 0 at the baseline, 1 on reaching the target, negative when moving away',
  elapsed: '(asOf − end of the baseline period) / (end of the deadline day − end of the baseline period), between 0 and 1',
  onTrack: 'progress ≥ elapsed',
  target: 'targetValue, or baseline × (1 + targetChange) for a relative target',
  baseline: 'baseline.value, or when left out the figure measured over the baseline period',
  pooled: 'figures counted per month (complaint rate, repeat share, cycle time) pool the window’s months: Σ numerators / Σ denominators, cycle days weighted by complaints resolved',
};

/** The months the current value counts: after the baseline period up to the last full month before now; null while there is none. */
export function currentWindow(baselineTo: Month, nowMs: number, timeZone: string): { from: Month; to: Month } | null {
  const from = nextMonth(baselineTo);
  const to = previousMonth(monthIn(nowMs, timeZone));
  return from <= to ? { from, to } : null;
}

export function targetValueOf(target: Pick<TargetDocument, 'targetValue' | 'targetChange'>, baseline: number | null): number | null {
  if (target.targetValue !== undefined) return target.targetValue;
  return baseline === null || target.targetChange === undefined ? null : round(baseline * (1 + target.targetChange));
}

export interface Progress {
  readonly progress: number | null;
  readonly elapsed: number;
  readonly onTrack: boolean | null;
}

/** Progress from baseline to target and whether it keeps pace with the time elapsed from `startMs` to `deadlineMs`. */
export function progressOf(values: { baseline: number | null; target: number | null; current: number | null }, startMs: number, deadlineMs: number, nowMs: number): Progress {
  const elapsed = deadlineMs <= startMs ? 1 : round(Math.min(1, Math.max(0, (nowMs - startMs) / (deadlineMs - startMs))));
  const { baseline, target, current } = values;
  if (baseline === null || target === null || current === null || target === baseline) return { progress: null, elapsed, onTrack: null };
  const progress = round((current - baseline) / (target - baseline));
  return { progress, elapsed, onTrack: progress >= elapsed };
}

/** The instants progress is measured between: the end of the baseline period and the end of the deadline day. */
export function timeSpanOf(target: Pick<TargetDocument, 'baseline' | 'deadline'>, timeZone: string): { startMs: number; deadlineMs: number } {
  const dayAfter = new Date(Date.parse(`${target.deadline}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) as IsoDate;
  return { startMs: monthStartIn(nextMonth(target.baseline.to), timeZone), deadlineMs: startOfDayIn(dayAfter, timeZone) };
}

/** Month ratios pooled over the window: Σ numerators / Σ denominators. */
export function pooledRatio(ratios: readonly Ratio[]): Ratio {
  return ratio(ratios.reduce((sum, { numerator }) => sum + numerator, 0), ratios.reduce((sum, { denominator }) => sum + denominator, 0));
}

/** Month means pooled over the window, each weighted by its count; months without a mean left out. */
export function pooledMean(cells: readonly { readonly mean: number | null; readonly count: number }[]): number | null {
  const counted = cells.filter((cell): cell is { mean: number; count: number } => cell.mean !== null && cell.count > 0);
  const total = counted.reduce((sum, { count }) => sum + count, 0);
  return total === 0 ? null : round(counted.reduce((sum, { mean, count }) => sum + mean * count, 0) / total);
}
