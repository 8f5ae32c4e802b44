import type { Rng } from './prng.js';

export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.float() * (max - min + 1));
}

export function chance(rng: Rng, probability: number): boolean {
  return rng.float() < probability;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng.float() * items.length)];
  if (item === undefined) throw new RangeError('cannot pick from an empty list');
  return item;
}

/** A categorical distribution, compiled once: keys and their cumulative weights. */
export interface Weights<K extends string> {
  readonly keys: readonly K[];
  readonly cumulative: Float64Array;
}

export function weights<K extends string>(table: Readonly<Partial<Record<K, number>>>): Weights<K> {
  const entries = (Object.entries(table) as [K, number][]).filter(([, weight]) => weight > 0);
  const cumulative = new Float64Array(entries.length);
  entries.reduce((sum, [, weight], i) => (cumulative[i] = sum + weight), 0);
  return { keys: entries.map(([key]) => key), cumulative };
}

/** Draws a key with probability proportional to its weight. */
export function weighted<K extends string>(rng: Rng, { keys, cumulative }: Weights<K>): K {
  const target = rng.float() * cumulative[cumulative.length - 1]!;
  let index = 0;
  while (index < keys.length - 1 && cumulative[index]! <= target) index++;
  return keys[index]!;
}

export function standardNormal(rng: Rng): number {
  const u = 1 - rng.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
}

export function normal(rng: Rng, mean: number, sd: number): number {
  return mean + sd * standardNormal(rng);
}

/** Log-normal with the given median (e^mu) and log-scale spread sigma. */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * standardNormal(rng));
}

export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng.float()) * mean;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
