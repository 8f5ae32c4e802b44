import { lowerIsBetter, type TierComponent, type TierPolicyCalibration } from '@ctp/contracts';
import type { IsoDate } from '@ctp/calendar';
import type { ComponentValues } from './component-values.js';
import { TieringError } from './errors.js';
import type { TierPolicyDocument } from './policy.js';

/** Cut points of every percentile component over the active base at `date`. */
export function calibrate(
  document: Pick<TierPolicyDocument, 'components'>,
  activeBase: readonly ComponentValues[],
  date: IsoDate,
): TierPolicyCalibration {
  if (activeBase.length === 0) throw new TieringError('no_active_base', `no active customers to calibrate on at ${date}`);
  const breakpoints: Partial<Record<TierComponent, number[]>> = {};
  for (const { component, normalisation } of document.components) {
    if (normalisation.method !== 'percentile') continue;
    const values = Float64Array.from(activeBase, (values) => values[component]);
    breakpoints[component] = cutPoints(values, normalisation.buckets, lowerIsBetter(component));
  }
  return { date, activeBase: activeBase.length, breakpoints };
}

/**
 * Cut point j (of buckets - 1) is the value at the j / buckets quantile of the base: the value at
 * position floor(j * n / buckets) counting from the worst (0-based). A value at or beyond a cut point
 * reaches the next bucket, so equal values always share a bucket and a tie straddling a boundary goes
 * up; every cut point is an observed value, so the top bucket is always within reach. Returned
 * rising, in the component's own unit.
 */
export function cutPoints(values: Float64Array, buckets: number, lowerIsBetter: boolean): number[] {
  const goodness = values.map((value) => (lowerIsBetter ? -value : value)).sort();
  const cuts = Array.from({ length: buckets - 1 }, (_, i) => goodness[Math.floor(((i + 1) * goodness.length) / buckets)]!);
  return lowerIsBetter ? cuts.map((cut) => 0 - cut).reverse() : cuts;
}
