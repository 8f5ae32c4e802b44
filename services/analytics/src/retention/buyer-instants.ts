import { periodOf } from '../metrics/period.js';
import type { BuyerEntry } from './buyer-listing.js';
import type { CustomerSelection } from './customer-states.js';
import { dayMs, type Interval } from './retention-states.js';

/** A chunk of the buyers' listing by its buyers' ids and purchase instants alone: enough to tell whom a selection picks. */
export interface ChunkInstants {
  readonly ids: readonly string[];
  /** Buyer n's purchase instants (ms, oldest first) are `at[starts[n]]` up to `at[starts[n + 1]]`. */
  readonly starts: Uint32Array;
  readonly at: Float64Array;
}

export function chunkInstants(entries: readonly BuyerEntry[]): ChunkInstants {
  const starts = new Uint32Array(entries.length + 1);
  entries.forEach(([, purchases], n) => (starts[n + 1] = starts[n]! + purchases.length));
  const at = new Float64Array(starts[entries.length]!);
  entries.forEach(([, purchases], n) => purchases.forEach(([, instant], k) => (at[starts[n]! + k] = instant)));
  return { ids: entries.map(([id]) => id), starts, at };
}

/** Whether buyer n of a chunk is in a selection. */
export type Picker = (chunk: ChunkInstants, n: number) => boolean;

/** The first index in `at[low, high)` whose instant is at or after `ms`. */
function firstAtOrAfter(at: Float64Array, low: number, high: number, ms: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (at[middle]! < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

const countWithin = ({ at, starts }: ChunkInstants, n: number, { startMs, endMs }: Interval) =>
  firstAtOrAfter(at, starts[n]!, starts[n + 1]!, endMs) - firstAtOrAfter(at, starts[n]!, starts[n + 1]!, startMs);
const firstWithin = ({ at, starts }: ChunkInstants, n: number, { startMs, endMs }: Interval) => starts[n + 1]! > starts[n]! && at[starts[n]!]! >= startMs && at[starts[n]!]! < endMs;

/**
 * The buyers `selectCustomers` (customer-states.ts) picks, told by the same rules from their purchase instants alone:
 * a cohort by its first purchase's month, `purchasedIn` by a purchase in it, a state over its interval by the purchases
 * in the windows that decide it (buyer-instants.property.unit.test.ts holds the two equal).
 */
export function pickOf(selection: CustomerSelection): Picker {
  const checks: Picker[] = [];
  if (selection.cohort !== undefined) {
    const cohort = periodOf(selection.cohort, selection.cohort, selection.timeZone);
    checks.push((chunk, n) => firstWithin(chunk, n, cohort));
  }
  if (selection.purchasedIn) {
    const month = selection.purchasedIn;
    checks.push((chunk, n) => countWithin(chunk, n, month) > 0);
  }
  if (selection.state !== undefined && selection.interval !== null) checks.push(stateCheck(selection.state, selection.interval, selection.activeDays));
  return checks.length === 1 ? checks[0]! : (chunk, n) => checks.every((check) => check(chunk, n));
}

function stateCheck(state: NonNullable<CustomerSelection['state']>, interval: Interval, activeDays: number): Picker {
  const window = activeDays * dayMs;
  const atStart = { startMs: interval.startMs - window, endMs: interval.startMs };
  const atEnd = { startMs: interval.endMs - window, endMs: interval.endMs };
  switch (state) {
    case 'repeat': return (chunk, n) => countWithin(chunk, n, interval) >= 2;
    case 'single': return (chunk, n) => countWithin(chunk, n, interval) === 1;
    case 'new': return (chunk, n) => firstWithin(chunk, n, interval);
    case 'start': return (chunk, n) => countWithin(chunk, n, atStart) > 0;
    case 'end': return (chunk, n) => countWithin(chunk, n, atEnd) > 0;
    case 'lost': return (chunk, n) => countWithin(chunk, n, atStart) > 0 && countWithin(chunk, n, atEnd) === 0;
  }
}
