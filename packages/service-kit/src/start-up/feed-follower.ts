import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { eventStoreKind, type EventStore } from '@ctp/event-store';
import { isDuplicateKey } from '@ctp/projections';
import type { Collection, Db, Filter, OptionalUnlessRequiredId, WithoutId } from 'mongodb';
import { takeLease } from '../dependencies/session-lock.js';
import type { Logger } from '../logging/logger.js';
import { leasedWork } from './leased-work.js';
import type { BackgroundWork } from './supervise.js';

/** A document written by compare and set: `position` is the last event of the feed it holds. */
export interface PositionedDocument {
  readonly _id: string;
  readonly position: GlobalPosition;
}

/**
 * Handles one batch of the feed (global order) given the head as this process last read or wrote it, and answers
 * the head to write (its `position` the batch's last event's), or null to leave the head as it is.
 */
export type FeedBatchHandler<Head extends PositionedDocument> = (events: readonly RecordedEvent[], head: Head | null) => Promise<Head | null>;

/** What a service hands each of its feed followers (main.ts builds it once). */
export interface FeedFollowerDeps {
  /** The feed, as the follower should read it (personal fields opened or not). */
  readonly history: EventStore;
  /** Where the follower keeps its documents. */
  readonly db: Db;
  /** With a PostgreSQL store, one process follows at a time under a lease; otherwise every process follows and compare and set alone decides. */
  readonly eventStoreUrl: string;
  /** The store's schema, which names the follower's lease. */
  readonly schema: string;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Wait before trying again while another process holds the lease, or after a retriable failure (default 5 s). */
  readonly retryMs?: number;
}

export interface FeedFollowerOptions<Head extends PositionedDocument> extends Pick<FeedFollowerDeps, 'history' | 'eventStoreUrl' | 'logger' | 'retryMs'> {
  /** Names the work in logs and the lease in errors ("tier counts"). */
  readonly name: string;
  readonly leaseName: string;
  /** Where the head lives, and its `_id`. */
  readonly heads: Collection<Head>;
  readonly headId: string;
  /** Called once a run, after the head is read: state the handler keeps between batches lives as long as the run. */
  readonly handler: () => FeedBatchHandler<Head>;
  /** Events per batch (default 1,000). */
  readonly maxBatchSize?: number;
  /** Once caught up, how long new events gather before the next batch is read (default 200 ms): fewer, larger batches, each writing the head once. */
  readonly lingerMs?: number;
}

const defaultLingerMs = 200;

/**
 * The end of the feed as a follower's run starts, asked at once and awaited at its first batch (the run has caught up
 * once it passes it): a store away meanwhile fails that batch, and the run starts again, never rejecting unhandled.
 */
export function feedEndAtRunStart(history: EventStore): Promise<GlobalPosition | null> {
  const end = history.headPosition();
  end.catch(() => undefined);
  return end;
}

/** Another process wrote past what this one read: the run ends, and starts again from the documents. */
export class FeedMoved extends Error {
  override readonly name = 'FeedMoved';
  readonly retriable = true;
}

/**
 * Writes `next` over `stored` only if the stored document is still at `stored.position` (compare and set); inserts it
 * when `stored` is null. Throws FeedMoved (retriable) when another process started or moved the document meanwhile.
 * `what` names the document in the error ("the moves of 2026-06-01").
 */
export async function writeAtPosition<T extends PositionedDocument>(collection: Collection<T>, stored: T | null, next: T, what: string): Promise<void> {
  if (stored === null) {
    await collection.insertOne(next as OptionalUnlessRequiredId<T>).catch((error: unknown) => {
      throw isDuplicateKey(error) ? new FeedMoved(`another process started ${what}`) : error;
    });
    return;
  }
  const { _id, ...replacement } = next;
  const { matchedCount } = await collection.replaceOne({ _id: stored._id, position: stored.position } as Filter<T>, replacement as WithoutId<T>);
  if (matchedCount !== 1) throw new FeedMoved(`another process moved ${what} past ${stored.position}`);
}

/**
 * Follows the store's global feed into documents kept by compare and set, so that every event counts once whatever
 * crashes, redeliveries or other processes do. A run reads the head (`headId`) for the position it follows from,
 * hands each batch to `handler`, and writes the head it answers with `writeAtPosition`. Documents the handler writes
 * besides the head are its own to guard, with `writeAtPosition` too, and must skip what they already hold (the head
 * is written last, so a crash between them replays the batch). Any FeedMoved ends the run; the work waits
 * `retryMs` and starts again from the documents, as it does while another process holds the lease.
 */
export function feedFollower<Head extends PositionedDocument>(options: FeedFollowerOptions<Head>): BackgroundWork {
  const what = `the ${options.name}`;
  return leasedWork({
    name: options.name,
    logger: options.logger,
    retryMs: options.retryMs,
    lease: async () => (eventStoreKind(options.eventStoreUrl) === 'postgres' ? takeLease(options.eventStoreUrl, options.leaseName, what) : null),
    run: async () => {
      // A stored head is a Head: its `_id` is a string the type already requires.
      let head = (await options.heads.findOne({ _id: options.headId } as Filter<Head>)) as Head | null;
      const handle = options.handler();
      return options.history.subscribeToAll({
        after: head?.position ?? null,
        maxBatchSize: options.maxBatchSize ?? 1_000,
        lingerMs: options.lingerMs ?? defaultLingerMs,
        onEvents: async (events) => {
          const next = await handle(events, head);
          if (next === null) return;
          await writeAtPosition(options.heads, head, next, what);
          head = next;
        },
      });
    },
  });
}
