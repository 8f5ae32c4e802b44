import { periodOf } from '../metrics/period.js';
import { currentWindow, progressOf, targetValueOf, timeSpanOf } from './progress.js';
import type { TargetDocument } from './target-decider.js';
import { measure, metricFigures, type FigureReadModels } from './target-figures.js';

/** Where a target stands as of `now`: its baseline, its target value, the current figure over the window and the progress. */
export async function targetProgress(readModels: FigureReadModels, target: TargetDocument, timeZone: string, now: Date) {
  const measuredBaseline = target.baseline.value === undefined ? await measure(readModels, target, periodOf(target.baseline.from, target.baseline.to, timeZone), now) : null;
  const baseline = target.baseline.value ?? measuredBaseline?.value ?? null;
  const window = currentWindow(target.baseline.to, now.getTime(), timeZone);
  const current = window === null ? { value: null, drill: null } : await measure(readModels, target, periodOf(window.from, window.to, timeZone), now);
  const targetValue = targetValueOf(target, baseline);
  const { startMs, deadlineMs } = timeSpanOf(target, timeZone);
  return {
    figure: metricFigures[target.metric],
    baseline: { value: baseline, measured: measuredBaseline !== null, from: target.baseline.from, to: target.baseline.to, drill: measuredBaseline?.drill ?? null },
    targetValue,
    window,
    current: current.value,
    drill: current.drill,
    ...progressOf({ baseline, target: targetValue, current: current.value }, startMs, deadlineMs, now.getTime()),
  };
}
