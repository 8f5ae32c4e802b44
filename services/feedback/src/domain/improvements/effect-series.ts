import type { EventData } from '@ctp/contracts';
import type { PeriodCounts } from './effect.js';

/** How far before and after its start an action's effect is counted: the longest period the route measures. */
export const windowDays = 366;
const dayMs = 86_400_000;

export type EffectScope = EventData<'ImprovementActionCreated'>['scope'];

/** A complaint as the effect sees it: its business day of opening and the dimensions a scope narrows. */
export interface ComplaintFacts {
  readonly day: string;
  readonly causes: readonly string[];
  readonly channel: string;
  readonly tier: string | null;
  readonly team: string | null;
}

/** A CSAT answer: its business day of answering, its segment, and whether it was 4 or 5. */
export interface AnswerFacts {
  readonly day: string;
  readonly tier: string | null;
  readonly channel: string | null;
  readonly satisfied: boolean;
}

/**
 * One action's counts by day around its start (offset = day - startsOn, in [-366, 366)), enough to answer the effect
 * for any period length by sums alone:
 * - `complaints`: the complaints in scope opened per offset (index offset + 366);
 * - `responses`, `satisfied`: CSAT answers in scope per offset (index offset + 366);
 * - `lastBefore[g]`: customers whose last purchase day before the start is g days before it (g 1..366), so the active
 *   customers of the `k` days before are the sum of g <= k;
 * - `firstAfter[g]`: customers whose first purchase day on or after the start is g days after it (g 0..365).
 */
export interface EffectSeries {
  readonly startsOn: string;
  readonly complaints: readonly number[];
  readonly responses: readonly number[];
  readonly satisfied: readonly number[];
  readonly lastBefore: readonly number[];
  readonly firstAfter: readonly number[];
}

export const dayOffset = (day: string, startsOn: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${startsOn}T00:00:00Z`)) / dayMs);
const inWindow = (offset: number) => offset >= -windowDays && offset < windowDays;
const within = (list: readonly string[], value: string | null) => list.length === 0 || (value !== null && list.includes(value));

export function complaintInScope(complaint: ComplaintFacts, scope: EffectScope): boolean {
  return (scope.causes.length === 0 || complaint.causes.some((cause) => scope.causes.includes(cause))) && within(scope.channels, complaint.channel) && within(scope.tiers, complaint.tier) && within(scope.teams, complaint.team);
}

export function answerInScope(answer: AnswerFacts, scope: EffectScope): boolean {
  return within(scope.channels, answer.channel) && within(scope.tiers, answer.tier);
}

/** Whether a change on `day` can move the series of an action starting on `startsOn`. */
export const touches = (day: string, startsOn: string) => inWindow(dayOffset(day, startsOn));

export function emptySeries(startsOn: string): EffectSeries {
  const zeros = (length: number) => Array.from({ length }, () => 0);
  return { startsOn, complaints: zeros(2 * windowDays), responses: zeros(2 * windowDays), satisfied: zeros(2 * windowDays), lastBefore: zeros(windowDays + 1), firstAfter: zeros(windowDays) };
}

/** A customer's place in the series: the gaps of its last purchase day before the start and its first on or after it. */
function customerGaps(days: readonly string[], startsOn: string): { before: number | null; after: number | null } {
  let before: number | null = null;
  let after: number | null = null;
  for (const day of days) {
    const offset = dayOffset(day, startsOn);
    if (offset < 0 && -offset <= windowDays && (before === null || -offset < before)) before = -offset;
    if (offset >= 0 && offset < windowDays && (after === null || offset < after)) after = offset;
  }
  return { before, after };
}

function adjusted(counts: readonly number[], index: number | null, by: number): readonly number[] {
  if (index === null) return counts;
  const next = [...counts];
  next[index] = next[index]! + by;
  return next;
}

/** The series with one customer's purchase days moved from `was` to `now` (business days, any order). */
export function withCustomerDays(series: EffectSeries, was: readonly string[], now: readonly string[]): EffectSeries {
  const [old, fresh] = [customerGaps(was, series.startsOn), customerGaps(now, series.startsOn)];
  if (old.before === fresh.before && old.after === fresh.after) return series;
  return {
    ...series,
    lastBefore: adjusted(adjusted(series.lastBefore, old.before, -1), fresh.before, 1),
    firstAfter: adjusted(adjusted(series.firstAfter, old.after, -1), fresh.after, 1),
  };
}

/** A complaint's index in the series when it counts there (in scope and in the window), else null. */
function complaintIndex(series: EffectSeries, scope: EffectScope, complaint: ComplaintFacts | null): number | null {
  if (complaint === null || !complaintInScope(complaint, scope)) return null;
  const offset = dayOffset(complaint.day, series.startsOn);
  return inWindow(offset) ? offset + windowDays : null;
}

/** The series with a complaint moved from how it stood (`was`, null: not recorded yet) to how it stands now: a cause or team set later takes it in or out of scope. */
export function withComplaint(series: EffectSeries, scope: EffectScope, was: ComplaintFacts | null, now: ComplaintFacts | null): EffectSeries {
  const [from, to] = [complaintIndex(series, scope, was), complaintIndex(series, scope, now)];
  if (from === to) return series;
  return { ...series, complaints: adjusted(adjusted(series.complaints, from, -1), to, 1) };
}

/** The series with one more CSAT answer, if it is in scope and in the window. */
export function withAnswer(series: EffectSeries, scope: EffectScope, answer: AnswerFacts): EffectSeries {
  const offset = dayOffset(answer.day, series.startsOn);
  if (!inWindow(offset) || !answerInScope(answer, scope)) return series;
  return { ...series, responses: adjusted(series.responses, offset + windowDays, 1), satisfied: answer.satisfied ? adjusted(series.satisfied, offset + windowDays, 1) : series.satisfied };
}

const sum = (counts: readonly number[], from: number, to: number) => counts.slice(from, to).reduce((total, count) => total + count, 0);

/** The counts of the `length` days before the start and the `length` days from it (equalPeriods' periods). */
export function periodCountsOf(series: EffectSeries, periods: { readonly days: number; readonly before: readonly [string, string]; readonly after: readonly [string, string] }): { before: PeriodCounts; after: PeriodCounts } {
  const length = periods.days;
  const complaintsIn = (from: number, to: number) => sum(series.complaints, from + windowDays, to + windowDays);
  const csatIn = (from: number, to: number) => ({ responses: sum(series.responses, from + windowDays, to + windowDays), satisfied: sum(series.satisfied, from + windowDays, to + windowDays) });
  return {
    before: { from: periods.before[0], to: periods.before[1], complaints: complaintsIn(-length, 0), activeCustomers: sum(series.lastBefore, 1, length + 1), csat: csatIn(-length, 0) },
    after: { from: periods.after[0], to: periods.after[1], complaints: complaintsIn(0, length), activeCustomers: sum(series.firstAfter, 0, length), csat: csatIn(0, length) },
  };
}
