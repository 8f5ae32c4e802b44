import { isoDateIn, startOfDayIn, type IsoDate } from '@ctp/calendar';
import { z } from 'zod';

/** A calendar month in the business time zone, `YYYY-MM`. */
export type Month = string;

/** Months of the years 1970 to 2999: the business's history and its plans. */
export const monthSchema = z.string().regex(/^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM of the years 1970 to 2999');

/** Whole months [from, to] in a time zone, as instants: start inclusive, end exclusive. */
export interface Period {
  readonly from: Month;
  readonly to: Month;
  readonly timeZone: string;
  readonly startMs: number;
  readonly endMs: number;
}

export function monthIn(ms: number, timeZone: string): Month {
  return isoDateIn(ms, timeZone).slice(0, 7);
}

export function nextMonth(month: Month): Month {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, '0')}`;
}

export function previousMonth(month: Month): Month {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return index === 1 ? `${year - 1}-12` : `${year}-${String(index - 1).padStart(2, '0')}`;
}

export function monthStartIn(month: Month, timeZone: string): number {
  return startOfDayIn(`${month}-01` as IsoDate, timeZone);
}

/** `monthStartIn` for one zone, each month worked out once (a follower places many buyers over the same months). */
export function monthStartsIn(timeZone: string): (month: Month) => number {
  const starts = new Map<Month, number>();
  return (month) => starts.get(month) ?? starts.set(month, monthStartIn(month, timeZone)).get(month)!;
}

export function periodOf(from: Month, to: Month, timeZone: string): Period {
  return { from, to, timeZone, startMs: monthStartIn(from, timeZone), endMs: monthStartIn(nextMonth(to), timeZone) };
}

/** Every month of the period, in order. */
export function monthsOf(period: Pick<Period, 'from' | 'to'>): Month[] {
  const months: Month[] = [];
  for (let month = period.from; month <= period.to; month = nextMonth(month)) months.push(month);
  return months;
}

export function contains(period: Pick<Period, 'startMs' | 'endMs'>, ms: number): boolean {
  return ms >= period.startMs && ms < period.endMs;
}
