import { addDays, daysBetween, startOfDayIn, type IsoDate } from '@ctp/calendar';
import { dayWeight, hourWeights } from './seasonality.js';

export const activityDaysPerYear = 365;

/**
 * Warps calendar time by demand: a position is a count of "activity days" since the start, where
 * an average day is worth 1, Double 11 about 5 and a night hour almost nothing. A homogeneous
 * process in positions is a seasonal one in time, and its events stay in order.
 */
export interface ActivityClock {
  /** The IANA time zone whose calendar days and hours the clock follows. */
  readonly timeZone: string;
  readonly start: number;
  readonly end: number;
  readonly totalPosition: number;
  position(epochSeconds: number): number;
  /** The whole second at a position; Infinity at or past the end. */
  instant(position: number): number;
  /** The instant `activityDays` after `epochSeconds`, at least a second later; Infinity past the end. */
  after(epochSeconds: number, activityDays: number): number;
}

const hourTotal = hourWeights.reduce((sum, weight) => sum + weight, 0);
const hourShare = hourWeights.map((weight) => weight / hourTotal);
const hourCumulative = hourShare.reduce<number[]>((acc, share) => [...acc, acc[acc.length - 1]! + share], [0]);

/** Index of the last element <= value in an ascending array (0 when value is below the first). */
function floorIndex(values: Float64Array | readonly number[], value: number, upper: number): number {
  let low = 0;
  let high = upper;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (values[mid]! <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function createActivityClock(timeZone: string, from: IsoDate, to: IsoDate): ActivityClock {
  const days = daysBetween(from, to);
  if (days < 1) throw new RangeError('`to` must be at least one day after `from`');
  const yearMean = Array.from({ length: 365 }, (_, i) => dayWeight(addDays(from, i))).reduce((a, b) => a + b) / 365;
  const dayStart = new Float64Array(days + 1);
  const cumulative = new Float64Array(days + 1);
  const weight = new Float64Array(days);
  for (let i = 0; i <= days; i++) {
    const date = addDays(from, i);
    dayStart[i] = startOfDayIn(date, timeZone) / 1000;
    if (i === days) break;
    weight[i] = dayWeight(date) / yearMean;
    cumulative[i + 1] = cumulative[i]! + weight[i]!;
  }
  const start = dayStart[0]!;
  const end = dayStart[days]!;
  const totalPosition = cumulative[days]!;

  const position = (t: number): number => {
    if (t <= start) return 0;
    if (t >= end) return totalPosition;
    const day = floorIndex(dayStart, t, days - 1);
    const hours = ((t - dayStart[day]!) / (dayStart[day + 1]! - dayStart[day]!)) * 24;
    const hour = Math.min(23, Math.floor(hours));
    return cumulative[day]! + weight[day]! * (hourCumulative[hour]! + (hours - hour) * hourShare[hour]!);
  };

  const instant = (p: number): number => {
    if (p >= totalPosition) return Infinity;
    if (p <= 0) return start;
    const day = floorIndex(cumulative, p, days - 1);
    const fraction = (p - cumulative[day]!) / weight[day]!;
    const hour = floorIndex(hourCumulative, fraction, 23);
    const hours = hour + (fraction - hourCumulative[hour]!) / hourShare[hour]!;
    return dayStart[day]! + Math.floor((hours / 24) * (dayStart[day + 1]! - dayStart[day]!));
  };

  return {
    timeZone,
    start,
    end,
    totalPosition,
    position,
    instant,
    after(t, activityDays) {
      const next = Math.max(t + 1, instant(position(t) + activityDays));
      return next >= end ? Infinity : next;
    },
  };
}
