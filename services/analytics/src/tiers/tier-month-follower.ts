import { decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { feedFollower, writeAtPosition, type BackgroundWork, type Logger } from '@ctp/service-kit';
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

const tierEvent = decoderFor('tier');

/**
 * Follows the store's global feed and adds each tier movement to its month's counts and its changes of the
 * customers per tier to the head's nets. Each month document is written only if its position is the one read
 * (compare and set) and skips movements at or before it; the head likewise, written last. So every event counts
 * once whatever crashes, redeliveries or other instances do. One process follows at a time (a lease), as
 * tiering's tier movement follower does.
 */
export function tierMonthFollower(deps: TierMonthDeps): BackgroundWork {
  const documents = tierMonthDocuments(deps.db);
  return feedFollower({
    name: 'tier months',
    logger: deps.logger,
    retryMs: deps.retryMs,
    history: deps.history,
    eventStoreUrl: deps.eventStoreUrl,
    leaseName: `ctp-analytics-tier-months:${deps.schema}`,
    heads: documents.head,
    headId: tierMonthsHeadId(deps.timeZone),
    maxBatchSize: deps.batchSize,
    handler: () => {
      // Months as this run last wrote them: a stale one fails its compare and set, and the run starts again.
      const known: KnownMonths = new Map();
      return (events, head) => headAfter(deps, documents, events, head, known);
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

/** Files a batch's months; answers the head to write after them. */
async function headAfter(deps: Pick<TierMonthDeps, 'history' | 'timeZone' | 'clock'>, documents: TierMonthDocuments, events: readonly RecordedEvent[], head: Stored<TierMonthsHead> | null, known: KnownMonths): Promise<Stored<TierMonthsHead>> {
  const last = events.at(-1)!.globalPosition;
  const changes = await tierChangesOfBatch(deps.history, events, deps.timeZone);
  await fileMonths(documents, deps.timeZone, changes, last, known);
  return { _id: tierMonthsHeadId(deps.timeZone), ...addToHead(head, changes, last, deps.clock()) };
}

/** A batch followed as the follower does: its months, then the head by compare and set. */
export async function followBatch(deps: Pick<TierMonthDeps, 'history' | 'timeZone' | 'clock'>, documents: TierMonthDocuments, events: readonly RecordedEvent[], head: Stored<TierMonthsHead> | null, known: KnownMonths = new Map()): Promise<Stored<TierMonthsHead>> {
  const next = await headAfter(deps, documents, events, head, known);
  await writeAtPosition(documents.head, head, next, 'the head of the tier months');
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
    await writeAtPosition(documents.months, stored, next, `the month ${month}`);
    known.set(_id, next);
  }
}
