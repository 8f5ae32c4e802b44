import { isDuplicateKey } from '@ctp/projections';
import { decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { eventStoreKind, type EventStore } from '@ctp/event-store';
import { leasedWork, takeLease, type BackgroundWork, type Logger } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { tierChangesOf, type StreamTierEvent, type TierChange } from './tier-month-changes.js';
import { tierMonthDocuments, tierMonthId, tierMonthsHeadId, type Stored, type TierMonthDocuments } from './tier-month-store.js';
import { addToHead, addToMonth, type TierMonth, type TierMonthsHead } from './tier-months.js';
import { movementOf } from './tier-projection.js';

export interface TierMonthDeps {
  /** The events as stored (the fold reads no personal field). */
  readonly history: EventStore;
  readonly db: Db;
  readonly timeZone: string;
  readonly eventStoreUrl: string;
  readonly schema: string;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Wait before trying again while another process follows, or after a retriable failure (default 5 s). */
  readonly retryMs?: number;
  readonly batchSize?: number;
}

/** Another process wrote past what this one read: it starts again from the documents. */
class TierMonthsMoved extends Error {
  override readonly name = 'TierMonthsMoved';
  readonly retriable = true;
}
const moved = (what: string) => (error: unknown) => {
  throw isDuplicateKey(error) ? new TierMonthsMoved(`${what} was started by another process`) : error;
};

const tierEvent = decoderFor('tier');

/**
 * Follows the store's global feed and adds each tier movement to its month's counts and its changes of the
 * customers per tier to the head's nets. Each month document is written only if its position is the one read
 * (compare and set) and skips movements at or before it; the head likewise, written last. So every event counts
 * once whatever crashes, redeliveries or other instances do. One process follows at a time (a lease), as
 * tiering's tier movement follower does.
 */
export function tierMonthFollower(deps: TierMonthDeps): BackgroundWork {
  return leasedWork({
    name: 'tier months',
    logger: deps.logger,
    retryMs: deps.retryMs,
    lease: async () => (eventStoreKind(deps.eventStoreUrl) === 'postgres' ? takeLease(deps.eventStoreUrl, `ctp-analytics-tier-months:${deps.schema}`, 'the tier months') : null),
    run: async () => {
      const documents = tierMonthDocuments(deps.db);
      let head = await documents.head.findOne({ _id: tierMonthsHeadId(deps.timeZone) });
      // Months as this process last wrote them: a stale one fails its compare and set, and the run starts again.
      const known: KnownMonths = new Map();
      return deps.history.subscribeToAll({
        after: head?.position ?? null,
        maxBatchSize: deps.batchSize ?? 1_000,
        onEvents: async (events) => void (head = await followBatch(deps, documents, events, head, known)),
      });
    },
  });
}

/** A batch of the feed: its tier events' changes, folded from their customers' whole streams. */
export async function tierChangesOfBatch(history: EventStore, events: readonly RecordedEvent[], timeZone: string): Promise<TierChange[]> {
  const tierEvents = events.filter((event) => event.streamId.startsWith('tier-'));
  if (tierEvents.length === 0) return [];
  const streams = await history.readStreams([...new Set(tierEvents.map((event) => event.streamId))]);
  const changes = [...streams].flatMap(([streamId, stream]) => {
    const revisions = new Set(tierEvents.filter((event) => event.streamId === streamId).map((event) => event.revision));
    return tierChangesOf(stream.map(asFolded), revisions, timeZone);
  });
  return changes.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
}

function asFolded(raw: RecordedEvent): StreamTierEvent {
  return { position: raw.globalPosition, at: new Date(raw.occurredAt), fact: movementOf(tierEvent(raw)) };
}

export async function followBatch(deps: Pick<TierMonthDeps, 'history' | 'timeZone' | 'clock'>, documents: TierMonthDocuments, events: readonly RecordedEvent[], head: Stored<TierMonthsHead> | null, known: KnownMonths = new Map()): Promise<Stored<TierMonthsHead>> {
  const last = events.at(-1)!.globalPosition;
  const changes = await tierChangesOfBatch(deps.history, events, deps.timeZone);
  await fileMonths(documents, deps.timeZone, changes, last, known);
  const _id = tierMonthsHeadId(deps.timeZone);
  const next = { _id, ...addToHead(head, changes, last, deps.clock()) };
  if (head === null) await documents.head.insertOne(next).catch(moved('the head of the tier months'));
  else if ((await documents.head.replaceOne({ _id, position: head.position }, next)).matchedCount !== 1) throw new TierMonthsMoved(`the tier months moved past ${head.position} in another process`);
  return next;
}

export type KnownMonths = Map<string, Stored<TierMonth> | null>;

/** Adds a batch's movements to their months, each month by compare and set on its position. */
export async function fileMonths(documents: TierMonthDocuments, timeZone: string, changes: readonly TierChange[], last: GlobalPosition, known: KnownMonths = new Map()): Promise<void> {
  for (const month of new Set(changes.map(({ movement }) => movement.month))) {
    const _id = tierMonthId(timeZone, month);
    const stored = known.has(_id) ? known.get(_id)! : await documents.months.findOne({ _id });
    const added = addToMonth(stored, month, changes, last);
    if (added === null) continue;
    const next = { _id, ...added };
    known.delete(_id);
    if (stored === null) await documents.months.insertOne(next).catch(moved(`the month ${month}`));
    else if ((await documents.months.replaceOne({ _id, position: stored.position }, next)).matchedCount !== 1) throw new TierMonthsMoved(`the month ${month} moved past ${stored.position} in another process`);
    known.set(_id, next);
  }
}
