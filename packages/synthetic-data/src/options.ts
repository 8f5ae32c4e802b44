import { DEFAULT_TIME_ZONE, isoDateOf, isTimeZone, startOfDay, type IsoDate } from '@ctp/calendar';
import { createActivityClock, type ActivityClock } from './time/activity-clock.js';
import type { Seed } from './random/prng.js';

export interface HistoryOptions {
  readonly seed: Seed;
  /** People to simulate; a duplicate identity registered for one of them is extra. */
  readonly customers: number;
  /** First local calendar day of the history, YYYY-MM-DD. */
  readonly from: string;
  /** Local calendar day after the last one, YYYY-MM-DD. */
  readonly to: string;
  readonly timeZone?: string;
  readonly currency?: string;
  /** Share of customers from before `from`, loaded from the ERP and CRM in the first two weeks. */
  readonly existingShare?: number;
  /** Share of customers who also get a duplicate identity, later merged into theirs. */
  readonly duplicateShare?: number;
  /** Chance that an order is partly or wholly refunded. */
  readonly refundRate?: number;
  /** Erasure requests per customer and year. */
  readonly erasureRate?: number;
  /** Send some facts under a merged-away id in the 30 days after its merge, to exercise redirection. */
  readonly factsAfterMerge?: boolean;
  readonly maxTenureYears?: number;
}

export interface World {
  readonly seed: Seed;
  readonly customers: number;
  readonly from: IsoDate;
  readonly clock: ActivityClock;
  readonly currency: string;
  readonly existingShare: number;
  readonly duplicateShare: number;
  readonly refundRate: number;
  readonly erasureRate: number;
  readonly factsAfterMerge: boolean;
  readonly maxTenureYears: number;
}

function calendarDate(text: string): IsoDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || isoDateOf(startOfDay(text)) !== text) throw new RangeError(`${JSON.stringify(text)} is not a calendar date (YYYY-MM-DD)`);
  return text;
}

function share(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${value}`);
  return value;
}

export function resolveOptions(options: HistoryOptions): World {
  const { seed, customers } = options;
  if (!Number.isSafeInteger(customers) || customers < 0) throw new RangeError(`customers must be a whole number >= 0`);
  if (typeof seed === 'number' && !Number.isFinite(seed)) throw new RangeError('seed must be finite');
  const currency = options.currency ?? 'CNY';
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`currency must be an ISO 4217 code, got ${currency}`);
  const from = calendarDate(options.from);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}`);
  const maxTenureYears = options.maxTenureYears ?? 8;
  if (!(maxTenureYears >= 0 && maxTenureYears <= 50)) throw new RangeError('maxTenureYears must be between 0 and 50');
  return {
    seed,
    customers,
    from,
    clock: createActivityClock(timeZone, from, calendarDate(options.to)),
    currency,
    existingShare: share('existingShare', options.existingShare ?? 0.6),
    duplicateShare: share('duplicateShare', options.duplicateShare ?? 0.02),
    refundRate: share('refundRate', options.refundRate ?? 0.04),
    erasureRate: share('erasureRate', options.erasureRate ?? 0.003),
    factsAfterMerge: options.factsAfterMerge ?? false,
    maxTenureYears,
  };
}
