import { compareGlobalPositions, decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { feedFollower, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { addTallies, coverageTallyOf, type CoverageTally } from '../domain/contacts/coverage-tally.js';

/**
 * One collection, read by `_id` only: the head (`coverage-v1`, how far the feed was followed) and one document per
 * due day (`coverage-v1:2026-06-01`) with its counts per owner, guarded by one position instead of a lane per
 * customer stream. A new counting rule gets new ids.
 */
export const coverageCollection = 'contactCoverageDays';
export const coverageHeadId = 'coverage-v1';
export const coverageDayId = (dueOn: string) => `${coverageHeadId}:${dueOn}`;

export interface CoverageHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
}

export interface CoverageDay {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly dueOn: string;
  readonly counts: readonly CoverageTally[];
}

export function coverageDocuments(db: Db) {
  return { head: db.collection<CoverageHead>(coverageCollection), days: db.collection<CoverageDay>(coverageCollection) };
}
export type CoverageDocuments = ReturnType<typeof coverageDocuments>;

const contactEvent = decoderFor('contact');
const counting = new Set(['ContactObligationFellDue', 'ContactOutcomeRecorded', 'ContactObligationOverdue']);
const parallelDays = 8;

/**
 * Follows the store's global feed and adds each contact event's coverage counts to its due day's document, written
 * only if its position is the one read (compare and set) and skipping events at or before it, so a batch read again
 * in other boundaries counts nothing twice. One process follows at a time (a lease), as the overdue follower does.
 */
export function coverageFollower(deps: FeedFollowerDeps): BackgroundWork {
  const documents = coverageDocuments(deps.db);
  return feedFollower({
    name: 'contact coverage',
    ...deps,
    leaseName: `ctp-contact-coverage:${deps.schema}`,
    heads: documents.head,
    headId: coverageHeadId,
    handler: () => (events) => fileCoverage(documents, events, deps.clock()),
  });
}

/** A batch's counts added to their days; answers the head to write after them. */
export async function fileCoverage(documents: CoverageDocuments, events: readonly RecordedEvent[], now: Date): Promise<CoverageHead> {
  const position = events.at(-1)!.globalPosition;
  const byDay = new Map<string, { position: GlobalPosition; tally: CoverageTally }[]>();
  for (const raw of events) {
    if (!raw.streamId.startsWith('contact-') || !counting.has(raw.type)) continue;
    const tally = coverageTallyOf(contactEvent(raw));
    if (tally) (byDay.get(tally.dueOn) ?? byDay.set(tally.dueOn, []).get(tally.dueOn)!).push({ position: raw.globalPosition, tally });
  }
  const days = [...byDay];
  for (let first = 0; first < days.length; first += parallelDays) {
    await Promise.all(days.slice(first, first + parallelDays).map(async ([dueOn, tallies]) => {
      const stored = await documents.days.findOne({ _id: coverageDayId(dueOn) });
      const fresh = tallies.filter((counted) => stored === null || compareGlobalPositions(counted.position, stored.position) > 0).map(({ tally }) => tally);
      if (fresh.length === 0) return;
      await writeAtPosition(documents.days, stored, { _id: coverageDayId(dueOn), position, dueOn, counts: addTallies(stored?.counts ?? [], fresh) }, `the coverage of ${dueOn}`);
    }));
  }
  return { _id: coverageHeadId, position, followedAt: now };
}
