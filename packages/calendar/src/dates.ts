/**
 * A calendar date, YYYY-MM-DD. Arithmetic between dates is pure calendar arithmetic (done in UTC);
 * a date is tied to instants only in a time zone, by isoDateIn and startOfDayIn.
 */
export type IsoDate = string;

export type ReviewCadence = 'weekly' | 'monthly' | 'quarterly';

export const DAY_MS = 86_400_000;

/** The UTC date of an instant; for a business date use isoDateIn. */
export function isoDateOf(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date as a UTC instant, for arithmetic between dates; for when a business day begins use startOfDayIn. */
export function startOfDay(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDateOf(startOfDay(date) + days * DAY_MS);
}

/** ISO weekday: 1 Monday ... 7 Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const weekdays: readonly Weekday[] = [7, 1, 2, 3, 4, 5, 6];

export function weekdayOf(date: IsoDate): Weekday {
  return weekdays[new Date(startOfDay(date)).getUTCDay()]!;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / DAY_MS);
}

/** Same day and time `months` later (or earlier), clamped to the end of a shorter month. */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const timeOfDay = ms - Date.UTC(year, date.getUTCMonth(), date.getUTCDate());
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) + timeOfDay;
}

/** Completed calendar months from `from` to `to`; 0 when `to` is not after `from`. */
export function wholeMonthsBetween(from: number, to: number): number {
  if (to <= from) return 0;
  const start = new Date(from);
  const end = new Date(to);
  const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
  return addMonths(from, months) > to ? months - 1 : months;
}

/** The scheduled review strictly after `after`: next Monday, 1st of next month, or next quarter start. */
export function nextReviewDate(cadence: ReviewCadence, after: IsoDate): IsoDate {
  const date = new Date(startOfDay(after));
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (cadence) {
    case 'weekly':
      return isoDateOf(date.getTime() + ((8 - date.getUTCDay()) % 7 || 7) * DAY_MS);
    case 'monthly':
      return isoDateOf(Date.UTC(year, month + 1, 1));
    case 'quarterly':
      return isoDateOf(Date.UTC(year, Math.floor(month / 3) * 3 + 3, 1));
    default: {
      const unexpected: never = cadence;
      throw new Error(`unknown review cadence ${String(unexpected)}`);
    }
  }
}
