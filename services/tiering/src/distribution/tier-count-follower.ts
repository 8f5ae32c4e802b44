import { isDuplicateKey } from '@ctp/projections';
import { decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { eventStoreKind, type EventStore } from '@ctp/event-store';
import { leasedWork, takeLease, type BackgroundWork, type Logger } from '@ctp/service-kit';
import type { Collection, Db } from 'mongodb';
import { countChanges, isNoChange, noCounts, type TierCounts } from '../domain/tier-counts.js';

/** One document, read by `_id`: the counts as of `position`. A new counting rule gets a new id and counts from the start. */
export const tierCountsCollection = 'tierCounts';
export const tierCountsId = 'tier-counts-v1';

export interface TierCountsDocument extends TierCounts {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly countedAt: Date;
}

/** The counts document was written past the position this process counted from: it starts again from the document. */
class CountsMoved extends Error {
  override readonly name = 'TierCountsMoved';
  readonly retriable = true;
}

export interface TierCountDeps {
  /** The events as stored (tier events carry no personal field the count reads). */
  readonly history: EventStore;
  readonly db: Db;
  readonly eventStoreUrl: string;
  readonly schema: string;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Wait before trying again while another process counts, or after a retriable failure (default 5 s). */
  readonly retryMs?: number;
}

const tierEvent = decoderFor('tier');
const prefixed = (prefix: string, tiers: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(tiers).map(([tier, count]) => [`${prefix}.${tier}`, count]));

/**
 * Follows the store's global feed and adds each tier event's change of standing to one counts document, written
 * only if its position is the one this process read (compare and set), so every event counts once whatever
 * crashes, redeliveries or other instances do. One process counts at a time (a lease); the others stand by
 * without holding their start-up back, and one takes over when the counting process stops or dies.
 */
export function tierCountFollower(deps: TierCountDeps): BackgroundWork {
  return leasedWork({
    name: 'tier counts',
    logger: deps.logger,
    retryMs: deps.retryMs,
    lease: async () => (eventStoreKind(deps.eventStoreUrl) === 'postgres' ? takeLease(deps.eventStoreUrl, `ctp-tier-counts:${deps.schema}`, 'the tier counts') : null),
    run: async () => {
      const counts = deps.db.collection<TierCountsDocument>(tierCountsCollection);
      let position = (await counts.findOne({ _id: tierCountsId }))?.position ?? null;
      return deps.history.subscribeToAll({ after: position, maxBatchSize: 1_000, onEvents: async (events) => void (position = await countBatch(deps, counts, events, position)) });
    },
  });
}

/** Counts a batch of the feed; answers the position the document is at afterwards. */
async function countBatch(deps: TierCountDeps, counts: Collection<TierCountsDocument>, events: readonly RecordedEvent[], position: GlobalPosition | null): Promise<GlobalPosition | null> {
  const tierEvents = events.filter((event) => event.streamId.startsWith('tier-'));
  if (tierEvents.length === 0) return position;
  const streams = await deps.history.readStreams([...new Set(tierEvents.map((event) => event.streamId))]);
  let change = noCounts;
  for (const [streamId, stream] of streams) {
    const revisions = new Set(tierEvents.filter((event) => event.streamId === streamId).map((event) => event.revision));
    change = countChanges(stream.map(tierEvent), revisions, change);
  }
  if (isNoChange(change)) return position;
  const last = events.at(-1)!.globalPosition;
  const countedAt = deps.clock();
  if (position === null) {
    await counts.insertOne({ _id: tierCountsId, ...change, position: last, countedAt }).catch((error: unknown) => {
      throw isDuplicateKey(error) ? new CountsMoved('the tier counts were started by another process') : error;
    });
  } else {
    const $inc = { ...prefixed('served', change.served), ...prefixed('computed', change.computed), overridden: change.overridden };
    const { matchedCount } = await counts.updateOne({ _id: tierCountsId, position }, { $inc, $set: { position: last, countedAt } });
    if (matchedCount !== 1) throw new CountsMoved(`the tier counts moved past ${position} in another process`);
  }
  return last;
}
