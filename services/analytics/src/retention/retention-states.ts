import type { Purchase } from './buyers.js';

export const dayMs = 86_400_000;

/** Whole months as instants, or a whole period: start inclusive, end exclusive. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** The purchases (oldest first) that make a customer active at instant t: those in the `activeDays` x 24 h before it. */
export function activeAt(purchases: readonly Purchase[], t: number, activeDays: number): Purchase[] {
  return within(purchases, { startMs: t - activeDays * dayMs, endMs: t });
}

export function within(purchases: readonly Purchase[], { startMs, endMs }: Interval): Purchase[] {
  return purchases.slice(firstAtOrAfter(purchases, startMs), firstAtOrAfter(purchases, endMs));
}

/** How many purchases (oldest first) fall in the interval, by binary search: the figures count, the listings list. */
export function countWithin(purchases: readonly Purchase[], { startMs, endMs }: Interval): number {
  return Math.max(0, firstAtOrAfter(purchases, endMs) - firstAtOrAfter(purchases, startMs));
}

/** Whether a purchase (oldest first) falls in the `activeDays` x 24 h before t. */
export function isActiveAt(purchases: readonly Purchase[], t: number, activeDays: number): boolean {
  return countWithin(purchases, { startMs: t - activeDays * dayMs, endMs: t }) > 0;
}

function firstAtOrAfter(purchases: readonly Purchase[], ms: number): number {
  let [low, high] = [0, purchases.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (purchases[middle]!.at < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Each state of a customer over an interval with the purchases that decide it; none when not in that state. */
export interface RetentionStates {
  readonly start: readonly Purchase[] | null;
  readonly end: readonly Purchase[] | null;
  readonly new: readonly Purchase[] | null;
  readonly lost: readonly Purchase[] | null;
}

/**
 * start: active at the interval's start; end: active at its end; new: the first purchase ever falls in
 * it; lost: active at the start and not at the end (decided by the purchases that made it active at the start).
 */
export function retentionStates(purchases: readonly Purchase[], interval: Interval, activeDays: number): RetentionStates {
  const start = activeAt(purchases, interval.startMs, activeDays);
  const end = activeAt(purchases, interval.endMs, activeDays);
  const first = purchases[0];
  const isNew = first !== undefined && first.at >= interval.startMs && first.at < interval.endMs;
  return {
    start: start.length > 0 ? start : null,
    end: end.length > 0 ? end : null,
    new: isNew ? [first] : null,
    lost: start.length > 0 && end.length === 0 ? start : null,
  };
}
