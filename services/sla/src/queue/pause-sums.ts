import { createHash } from 'node:crypto';
import type { CaseStatus, RecordedEventOf } from '@ctp/contracts';
import { guardedUpsert, type ProjectionWrite } from '@ctp/projections';

/** The statuses a case waits in: the time spent there is what pause misuse shows. */
export const waitingStatuses: readonly CaseStatus[] = ['waiting_on_customer', 'waiting_on_third_party'];

const dayMs = 86_400_000;

/** A `pauses` document: time paused on one UTC day by the agent who put cases in `status`. */
export interface PauseSum {
  readonly _id: string;
  readonly day: string;
  readonly agent: string;
  readonly status: CaseStatus;
  readonly pausedMs: number;
  /** Waits that ended, counted on the day each ended. */
  readonly pauses: number;
}

/** The part of [from, to) on each UTC day it touches. */
export function splitByDay(from: number, to: number): { day: string; ms: number }[] {
  const parts: { day: string; ms: number }[] = [];
  for (let start = from; start < to; ) {
    const end = Math.min(to, (Math.floor(start / dayMs) + 1) * dayMs);
    parts.push({ day: new Date(start).toISOString().slice(0, 10), ms: end - start });
    start = end;
  }
  return parts;
}

/** Many cases feed one document, so each case guards its own lane (named by a hash: lanes are [A-Za-z0-9_]). */
export const laneOf = (streamId: string) => `c${createHash('sha256').update(streamId).digest('hex').slice(0, 32)}`;

/**
 * A status change out of a waiting status ends a wait: its span [fromSince, changedAt) counts for the
 * agent who started it (`fromBy`), split by day. Events recorded without fromSince/fromBy count nothing.
 */
export function pauseWrites(event: RecordedEventOf<'case'>): ProjectionWrite<'pauses'>[] {
  if (event.type !== 'CaseStatusChanged') return [];
  const { from, changedAt, fromSince, fromBy } = event.data;
  if (!waitingStatuses.includes(from) || fromSince === undefined || fromBy === undefined) return [];
  const ended = Date.parse(changedAt);
  const parts = splitByDay(Math.min(Date.parse(fromSince), ended), ended);
  if (parts.length === 0) parts.push({ day: new Date(ended).toISOString().slice(0, 10), ms: 0 });
  const lane = laneOf(event.streamId);
  return parts.map(({ day, ms }, index) =>
    guardedUpsert('pauses', `${day}:${fromBy}:${from}`, event.globalPosition, { $inc: { pausedMs: ms, pauses: index === parts.length - 1 ? 1 : 0 }, $setOnInsert: { day, agent: fromBy, status: from } }, { lane }),
  );
}
