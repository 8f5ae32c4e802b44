import { compareGlobalPositions, decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { feedFollower, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import { monthIn } from '../metrics/period.js';
import { fileListings } from './tier-listing-store.js';
import { listingPutsOf, type ChunkSizes } from './tier-listings.js';
import { movementsOfStream, tierChangesOf, type StreamTierEvent, type TierChange } from './tier-month-changes.js';
import { tierMonthDocuments, tierMonthsHeadId, type TierMonthDocuments, type TierMonthsHeadDocument } from './tier-month-store.js';
import { addToHead } from './tier-months.js';
import { movementOf } from './tier-projection.js';

export interface TierMonthDeps extends FeedFollowerDeps {
  readonly timeZone: string;
  readonly batchSize?: number;
  /** Entries per listing chunk (tests cut small chunks). */
  readonly chunkSizes?: ChunkSizes;
}

const tierEvent = decoderFor('tier');
/** Events per batch at most: a batch rewrites every listing chunk it touches, so catching up in larger batches rewrites each less often. */
const catchingUpBatch = 5_000;

/**
 * Follows the store's global feed and adds each tier movement to its month's counts and its changes of the
 * customers per tier to its months' nets, all in the head, written by compare and set on its position: a batch
 * read again after a crash, or by another process, adds nothing twice. The movements and the customers' steps go
 * into the listings first (tier-listing-store.ts), under ids new to the batch, which the head then names. One
 * process follows at a time (a lease), as tiering's tier movement follower does.
 */
export function tierMonthFollower(deps: TierMonthDeps): BackgroundWork {
  const documents = tierMonthDocuments(deps.db);
  return feedFollower({
    name: 'tier months',
    ...deps,
    leaseName: `ctp-analytics-tier-months:${deps.schema}`,
    heads: documents.head,
    headId: tierMonthsHeadId(deps.timeZone),
    maxBatchSize: deps.batchSize ?? catchingUpBatch,
    handler: () => (events, head) => headAfter(deps, documents, events, head),
  });
}

/** The tier streams a batch touches, whole, and the revisions of each that are in the batch. */
async function tierStreamsOfBatch(history: EventStore, events: readonly RecordedEvent[]) {
  const tierEvents = events.filter((event) => event.streamId.startsWith('tier-'));
  if (tierEvents.length === 0) return [];
  const streams = await history.readStreams([...new Set(tierEvents.map((event) => event.streamId))]);
  return [...streams].map(([streamId, stream]) => ({ stream, revisions: new Set(tierEvents.filter((event) => event.streamId === streamId).map((event) => event.revision)) }));
}

type Streams = Awaited<ReturnType<typeof tierStreamsOfBatch>>;

/** A batch's changes to the figures, folded from its customers' whole streams. */
function changesOf(streams: Streams, timeZone: string): TierChange[] {
  const changes = streams.flatMap(({ stream, revisions }) => tierChangesOf(stream.map(asFolded), revisions, timeZone));
  return changes.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
}

/** The listings' puts of a batch: the movements of each touched customer up to the batch's last event. */
function putsOf(streams: Streams, upTo: GlobalPosition, after: GlobalPosition | null, timeZone: string) {
  const customers = streams.map(({ stream }) => {
    const folded = stream.filter((raw) => compareGlobalPositions(raw.globalPosition, upTo) <= 0).map((raw) => ({ ...asFolded(raw), raw }));
    const movements = [...movementsOfStream(folded)].map(({ event: { at, fact, raw }, from, to, direction }) => ({
      id: raw.id, position: raw.globalPosition, type: raw.type, at: at.getTime(), month: monthIn(at.getTime(), timeZone), from, to, direction, rule: fact?.rule ?? null,
    }));
    return { customerId: tierEvent(stream[0]!).data.customerId, movements };
  });
  return listingPutsOf(customers, after);
}

function asFolded(raw: RecordedEvent): StreamTierEvent & { readonly fact: { readonly rule: string | null } | null } {
  return { position: raw.globalPosition, at: new Date(raw.occurredAt), fact: movementOf(tierEvent(raw)) };
}

type BatchDeps = Pick<TierMonthDeps, 'history' | 'timeZone' | 'clock' | 'chunkSizes'>;

/** The head after a batch, not written yet: its changes added, its movements and customers filed into the listings. */
export async function headAfter(deps: BatchDeps, documents: TierMonthDocuments, events: readonly RecordedEvent[], head: TierMonthsHeadDocument | null): Promise<TierMonthsHeadDocument> {
  const last = events.at(-1)!.globalPosition;
  const headId = tierMonthsHeadId(deps.timeZone);
  const streams = await tierStreamsOfBatch(deps.history, events);
  const listings = await fileListings(documents, { headId, position: last, head }, putsOf(streams, last, head?.position ?? null, deps.timeZone), deps.chunkSizes);
  return { _id: headId, ...addToHead(head, changesOf(streams, deps.timeZone), last, deps.clock()), ...listings };
}

/** A batch followed as the follower does: the listings, then the head by compare and set. */
export async function followBatch(deps: BatchDeps, documents: TierMonthDocuments, events: readonly RecordedEvent[], head: TierMonthsHeadDocument | null): Promise<TierMonthsHeadDocument> {
  const next = await headAfter(deps, documents, events, head);
  await writeAtPosition(documents.head, head, next, 'the head of the tier months');
  return next;
}
