import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { feedFollower, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import { tierChangesOf, type StreamTierEvent, type TierChange } from './tier-month-changes.js';
import { tierMonthDocuments, tierMonthsHeadId, type Stored, type TierMonthDocuments } from './tier-month-store.js';
import { addToHead, type TierMonthsHead } from './tier-months.js';
import { movementOf } from './tier-projection.js';

export interface TierMonthDeps extends FeedFollowerDeps {
  readonly timeZone: string;
  readonly batchSize?: number;
}

const tierEvent = decoderFor('tier');

/**
 * Follows the store's global feed and adds each tier movement to its month's counts and its changes of the
 * customers per tier to its months' nets, all in the head, written by compare and set on its position: a batch
 * read again after a crash, or by another process, adds nothing twice. One process follows at a time (a lease),
 * as tiering's tier movement follower does.
 */
export function tierMonthFollower(deps: TierMonthDeps): BackgroundWork {
  const documents = tierMonthDocuments(deps.db);
  return feedFollower({
    name: 'tier months',
    ...deps,
    leaseName: `ctp-analytics-tier-months:${deps.schema}`,
    heads: documents.head,
    headId: tierMonthsHeadId(deps.timeZone),
    maxBatchSize: deps.batchSize,
    handler: () => (events, head) => headAfter(deps, events, head),
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

/** The head after a batch: its changes added. */
async function headAfter(deps: Pick<TierMonthDeps, 'history' | 'timeZone' | 'clock'>, events: readonly RecordedEvent[], head: Stored<TierMonthsHead> | null): Promise<Stored<TierMonthsHead>> {
  const last = events.at(-1)!.globalPosition;
  const changes = await tierChangesOfBatch(deps.history, events, deps.timeZone);
  return { _id: tierMonthsHeadId(deps.timeZone), ...addToHead(head, changes, last, deps.clock()) };
}

/** A batch followed as the follower does: the head by compare and set. */
export async function followBatch(deps: Pick<TierMonthDeps, 'history' | 'timeZone' | 'clock'>, documents: TierMonthDocuments, events: readonly RecordedEvent[], head: Stored<TierMonthsHead> | null): Promise<Stored<TierMonthsHead>> {
  const next = await headAfter(deps, events, head);
  await writeAtPosition(documents.head, head, next, 'the head of the tier months');
  return next;
}
