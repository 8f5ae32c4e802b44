import { calendarAt, workingTime, type CalendarTimeline, type WorkingCalendar } from '@ctp/calendar';
import { histogram, type Cell } from '../figure-months/counts.js';
import type { GroupKey } from '../metrics/grouping.js';
import { mean, percentile, round } from '../metrics/ratios.js';
import type { Month } from '../metrics/period.js';
import type { ComplaintDimension, ComplaintFact } from './complaint-facts.js';
import { monthGroups, openedCells, resolvedCells, type MonthCells } from './complaint-figures.js';

export const cycleDefinitions = {
  cycleDays: 'complaint cycle time (domain.md section 6, "complaint cycle 7 -> 3 working days"): working time from openedAt to the first resolution (the first CaseStatusChanged to resolved) on the `default` business calendar as published, each version counting from its effectiveFrom, divided by that version’s working day: its weekly working time / its working weekdays (Mon-Fri 9-18: 9 h)',
  resolvedMonth: 'the month of the first resolution, in the business time zone; p50 and p90 are nearest-rank',
  stillOpen: 'complaints opened in the month neither resolved nor closed yet (as of asOf)',
  closedUnresolved: 'complaints opened in the month closed without a resolution: no cycle time, not open',
};

/** A version's working day: its weekly working minutes over its working weekdays, in ms. */
export function workingDayMs(calendar: WorkingCalendar): number {
  const days = [...calendar.week.values()];
  const minutes = days.reduce((total, periods) => total + periods.reduce((sum, [from, to]) => sum + to - from, 0), 0);
  return days.length === 0 ? 0 : (minutes * 60_000) / days.length;
}

/** Working days between two instants: each counted segment over the working day of the version it counted on. */
export function workingDaysBetween(timeline: CalendarTimeline, from: number, to: number): number {
  const days = workingTime(timeline, from, to).segments.reduce((total, { start, end, version }) => {
    const calendar = timeline.find((entry) => entry.calendar.version === version)?.calendar ?? calendarAt(timeline, start);
    const dayMs = workingDayMs(calendar);
    return dayMs === 0 ? total : total + (end - start) / dayMs;
  }, 0);
  return round(days);
}

export interface CycleRow {
  readonly key: GroupKey;
  readonly resolved: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly stillOpen: number;
  readonly closedUnresolved: number;
}

/** What a cycle time is counted from: a complaint's opening and first resolution. */
export interface CycleSpan {
  readonly openedAt: number;
  readonly resolvedAt: number | null;
}

/**
 * Per month and group: the cycle times (working days) of the complaints first resolved in the month, and
 * apart, the complaints opened in the month still open or closed unresolved. `cycleDaysOf` counts a
 * resolved complaint on the calendar (null without one: counted as resolved, without a time).
 */
export function cycleTimes(facts: readonly ComplaintFact[], months: readonly Month[], groupBy: readonly ComplaintDimension[], cycleDaysOf: (span: CycleSpan) => number | null): CycleRow[] {
  return cycleTimesOf(resolvedCells(facts), openedCells(facts), months, groupBy, cycleDaysOf);
}

/** The cycle times from the cells of the months of first resolution and the months opened (see complaint-figures.ts). */
export function cycleTimesOf(resolved: MonthCells, opened: MonthCells, months: readonly Month[], groupBy: readonly ComplaintDimension[], cycleDaysOf: (span: CycleSpan) => number | null): CycleRow[] {
  const unresolved = ({ counts }: Cell) => (counts['stillOpen'] ?? 0) + (counts['closedUnresolved'] ?? 0) > 0;
  const cells = new Map(months.map((month) => [month, [...(resolved.get(month) ?? []), ...(opened.get(month) ?? []).filter(unresolved)]]));
  return monthGroups(cells, months, groupBy).map(({ key, counts }) => {
    const spans = histogram(counts, 'cycle').flatMap(({ value, count }) => {
      const [openedAt, resolvedAt] = value.split(':').map(Number) as [number, number];
      return Array.from({ length: count }, () => ({ openedAt, resolvedAt }));
    });
    spans.sort((a, b) => a.openedAt - b.openedAt || a.resolvedAt - b.resolvedAt);
    const days = spans.map(cycleDaysOf).filter((value) => value !== null);
    return {
      key,
      resolved: counts['resolved'] ?? 0,
      mean: mean(days),
      p50: percentile(days, 50),
      p90: percentile(days, 90),
      stillOpen: counts['stillOpen'] ?? 0,
      closedUnresolved: counts['closedUnresolved'] ?? 0,
    };
  });
}
