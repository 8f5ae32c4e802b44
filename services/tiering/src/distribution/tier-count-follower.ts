import { decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { feedFollower, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import { countChanges, isNoChange, noCounts, sumCounts, type TierCounts } from '../domain/tier-counts.js';

/** One document, read by `_id`: the counts as of `position`. A new counting rule gets a new id and counts from the start. */
export const tierCountsCollection = 'tierCounts';
export const tierCountsId = 'tier-counts-v1';

export interface TierCountsDocument extends TierCounts {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly countedAt: Date;
}


const tierEvent = decoderFor('tier');

/**
 * Follows the store's global feed and adds each tier event's change of standing to one counts document, written
 * only if its position is the one this process read (compare and set), so every event counts once whatever
 * crashes, redeliveries or other instances do. One process counts at a time (a lease); the others stand by
 * without holding their start-up back, and one takes over when the counting process stops or dies.
 */
export function tierCountFollower(deps: FeedFollowerDeps): BackgroundWork {
  return feedFollower({
    name: 'tier counts',
    ...deps,
    leaseName: `ctp-tier-counts:${deps.schema}`,
    heads: deps.db.collection<TierCountsDocument>(tierCountsCollection),
    headId: tierCountsId,
    handler: () => (events, counts) => countBatch(deps, events, counts),
  });
}

/** The counts after a batch of the feed, or null when it changes none. */
async function countBatch(deps: FeedFollowerDeps, events: readonly RecordedEvent[], counts: TierCountsDocument | null): Promise<TierCountsDocument | null> {
  const tierEvents = events.filter((event) => event.streamId.startsWith('tier-'));
  if (tierEvents.length === 0) return null;
  const streams = await deps.history.readStreams([...new Set(tierEvents.map((event) => event.streamId))]);
  let change = noCounts;
  for (const [streamId, stream] of streams) {
    const revisions = new Set(tierEvents.filter((event) => event.streamId === streamId).map((event) => event.revision));
    change = countChanges(stream.map(tierEvent), revisions, change);
  }
  if (isNoChange(change)) return null;
  return { _id: tierCountsId, ...sumCounts(counts ?? noCounts, change), position: events.at(-1)!.globalPosition, countedAt: deps.clock() };
}
