import { calendarAt, workingTime, type CalendarTimeline, type WorkingCalendar } from '@ctp/calendar';
import { groupRows, type GroupKey } from '../metrics/grouping.js';
import { mean, percentile, round } from '../metrics/ratios.js';
import type { Month } from '../metrics/period.js';
import { dimensionOf, type ComplaintDimension, type ComplaintFact } from './complaint-facts.js';

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

/**
 * Per month and group: the cycle times (working days) of the complaints first resolved in the month, and
 * apart, the complaints opened in the month still open or closed unresolved. `cycleDaysOf` counts a
 * resolved complaint on the calendar (null without one: counted as resolved, without a time).
 */
export function cycleTimes(facts: readonly ComplaintFact[], months: readonly Month[], groupBy: readonly ComplaintDimension[], cycleDaysOf: (fact: ComplaintFact) => number | null): CycleRow[] {
  return months.flatMap((month) => {
    const resolved = facts.filter(({ resolvedMonth }) => resolvedMonth === month);
    const opened = facts.filter((fact) => fact.month === month && fact.resolvedAt === null);
    const tagged = [...resolved.map((fact) => ({ fact, resolved: true })), ...opened.map((fact) => ({ fact, resolved: false }))];
    const groups = groupRows(tagged, groupBy, ({ fact }, dimension) => dimensionOf(fact, dimension));
    return (groups.length === 0 && groupBy.length === 0 ? [{ key: {}, rows: [] }] : groups).map(({ key, rows }) => {
      const resolvedHere = rows.filter(({ resolved }) => resolved).map(({ fact }) => cycleDaysOf(fact));
      const days = resolvedHere.filter((value) => value !== null);
      const unresolved = rows.filter(({ resolved }) => !resolved).map(({ fact }) => fact);
      return {
        key: { month, ...key },
        resolved: resolvedHere.length,
        mean: mean(days),
        p50: percentile(days, 50),
        p90: percentile(days, 90),
        stillOpen: unresolved.filter(({ open }) => open).length,
        closedUnresolved: unresolved.filter(({ open }) => !open).length,
      };
    });
  });
}
