/** A share with what it was counted from, so a reader can check it. `value` is null when nothing was counted. */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
  readonly value: number | null;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, value: denominator === 0 ? null : round(numerator / denominator) };
}

/** Nearest-rank percentile (p in (0, 100]) of the values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : round(values.reduce((sum, value) => sum + value, 0) / values.length);
}

/** Four decimals: enough for a percentage with two. */
export function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
