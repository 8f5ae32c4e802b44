import { mean, percentile, ratio, type Ratio } from '../metrics/ratios.js';
import type { CaseFact, ClockFact } from './facts.js';

export const repeatWindowMs = 7 * 24 * 3_600_000;

export interface FirstContactAssessment {
  /** Resolved with at most one agent reply, no customer message after the first reply, never reopened. */
  readonly atFirstContact: boolean;
  /** The customer's other cases opened within 7 days (168 h) after the resolution. */
  readonly repeatCaseIds: readonly string[];
  /** At first contact and no repeat. */
  readonly fcr: boolean;
  /** Resolved less than 7 days before `now`: a repeat may still come. */
  readonly windowOpen: boolean;
}

type Solved = Pick<CaseFact, '_id' | 'customerId' | 'replies' | 'reopened' | 'firstReplyAt' | 'lastCustomerMessageAt'> & { readonly resolvedAt: Date };

/** Resolved with at most one agent reply, no customer message after the first reply, never reopened. */
export function atFirstContactOf(solved: Pick<CaseFact, 'replies' | 'reopened' | 'firstReplyAt' | 'lastCustomerMessageAt'>): boolean {
  const firstReplyMs = solved.firstReplyAt?.getTime() ?? null;
  const lastMessageMs = solved.lastCustomerMessageAt?.getTime() ?? null;
  const wroteAfterReply = firstReplyMs !== null && lastMessageMs !== null && lastMessageMs > firstReplyMs;
  return solved.replies <= 1 && !wroteAfterReply && solved.reopened === 0;
}

/** `customerCases`: cases of the same customer (others are ignored, so any superset will do). */
export function assessFirstContact(solved: Solved, customerCases: readonly Pick<CaseFact, '_id' | 'customerId' | 'openedAt'>[], now: Date): FirstContactAssessment {
  return assessSolved({ id: solved._id, customerId: solved.customerId, resolvedAt: solved.resolvedAt.getTime(), atFirstContact: atFirstContactOf(solved) }, customerCases.map(({ _id, customerId, openedAt }) => ({ id: _id, customerId, openedAt: openedAt.getTime() })), now);
}

/** A solved case (times in ms) against the openings of its customer's cases. */
export function assessSolved(
  solved: { readonly id: string; readonly customerId: string; readonly resolvedAt: number; readonly atFirstContact: boolean },
  customerCases: readonly { readonly id: string; readonly customerId: string; readonly openedAt: number }[],
  now: Date,
): FirstContactAssessment {
  const { id, customerId, resolvedAt, atFirstContact } = solved;
  const repeatCaseIds = customerCases
    .filter((other) => other.id !== id && other.customerId === customerId && other.openedAt > resolvedAt && other.openedAt <= resolvedAt + repeatWindowMs)
    .map((other) => other.id)
    .sort();
  return { atFirstContact, repeatCaseIds, fcr: atFirstContact && repeatCaseIds.length === 0, windowOpen: now.getTime() - resolvedAt < repeatWindowMs };
}

export interface FirstContactCell {
  readonly solved: number;
  readonly atFirstContact: number;
  readonly repeated: number;
  /** FCR = solved at first contact with no repeat within 7 days / solved. */
  readonly fcr: Ratio;
  readonly windowOpen: number;
  /** first_response clocks of these cases that stopped, with the time they counted. */
  readonly waited: number;
  readonly averageWaitMs: number | null;
  readonly p90WaitMs: number | null;
}

export function firstContactOf(assessments: readonly FirstContactAssessment[], firstResponseClocks: readonly Pick<ClockFact, 'elapsedMs'>[]): FirstContactCell {
  const waits = firstResponseClocks.flatMap(({ elapsedMs }) => (elapsedMs === null ? [] : [elapsedMs]));
  const fcr = assessments.filter((assessment) => assessment.fcr).length;
  return {
    solved: assessments.length,
    atFirstContact: assessments.filter(({ atFirstContact }) => atFirstContact).length,
    repeated: assessments.filter(({ repeatCaseIds }) => repeatCaseIds.length > 0).length,
    fcr: ratio(fcr, assessments.length),
    windowOpen: assessments.filter(({ windowOpen }) => windowOpen).length,
    waited: waits.length,
    averageWaitMs: mean(waits),
    p90WaitMs: percentile(waits, 90),
  };
}

/** Solved cases counted together: how many, at first contact, repeated, FCR, when each was resolved (ms) and their first-response waits. */
export interface FirstContactTally {
  readonly solved: number;
  readonly atFirstContact: number;
  readonly repeated: number;
  readonly fcr: number;
  readonly resolvedAt: readonly number[];
  readonly waits: readonly number[];
}

export function tallyOfSolved(assessment: Pick<FirstContactAssessment, 'atFirstContact' | 'repeatCaseIds' | 'fcr'>, resolvedAt: number, waits: readonly number[]): FirstContactTally {
  return { solved: 1, atFirstContact: assessment.atFirstContact ? 1 : 0, repeated: assessment.repeatCaseIds.length > 0 ? 1 : 0, fcr: assessment.fcr ? 1 : 0, resolvedAt: [resolvedAt], waits };
}

export function sumSolvedTallies(tallies: readonly FirstContactTally[]): FirstContactTally {
  const sum = { solved: 0, atFirstContact: 0, repeated: 0, fcr: 0, resolvedAt: [] as number[], waits: [] as number[] };
  for (const tally of tallies) {
    sum.solved += tally.solved;
    sum.atFirstContact += tally.atFirstContact;
    sum.repeated += tally.repeated;
    sum.fcr += tally.fcr;
    sum.resolvedAt.push(...tally.resolvedAt);
    sum.waits.push(...tally.waits);
  }
  return sum;
}

/** The cell of solved tallies; window open: resolved less than 7 days before `now`. */
export function firstContactOfTallies(tallies: readonly FirstContactTally[], now: Date): FirstContactCell {
  const { solved, atFirstContact, repeated, fcr, resolvedAt, waits } = sumSolvedTallies(tallies);
  return {
    solved, atFirstContact, repeated,
    fcr: ratio(fcr, solved),
    windowOpen: resolvedAt.filter((at) => now.getTime() - at < repeatWindowMs).length,
    waited: waits.length,
    averageWaitMs: mean(waits),
    p90WaitMs: percentile(waits, 90),
  };
}
