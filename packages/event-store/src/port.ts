import type { EventToAppend, GlobalPosition, RecordedEvent } from '@ctp/contracts';

/**
 * What the stream must look like for an append to go through: `no_stream` (it must not exist),
 * `stream_exists`, `any`, or the revision of its last event (0-based, as in EventStoreDB).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendedEvent {
  readonly id: string;
  readonly revision: number;
  readonly globalPosition: GlobalPosition;
  /** The same id with the same content was appended before: nothing was written. */
  readonly duplicate: boolean;
}

export interface AppendResult {
  readonly streamId: string;
  /** The revision of the stream's last event after the append. */
  readonly lastRevision: number;
  readonly lastPosition: GlobalPosition;
  readonly events: readonly AppendedEvent[];
}

export interface ReadStreamOptions {
  readonly fromRevision?: number;
  /** Inclusive. */
  readonly toRevision?: number;
  /** Only events recorded at or before this instant (ISO-8601): the stream as it was known then. */
  readonly recordedUntil?: string;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position; null reads from the beginning. */
  readonly after: GlobalPosition | null;
  readonly limit: number;
}

export interface SubscribeToAllOptions {
  readonly after: GlobalPosition | null;
  readonly maxBatchSize?: number;
  /** Called with events in global order; the next batch waits until this one settles. */
  readonly onEvents: (events: readonly RecordedEvent[]) => Promise<void>;
  readonly onError?: (error: unknown) => void;
  /**
   * Once caught up, how long to let new events gather after the first of them is announced before reading them, so a
   * busy feed comes in fewer, larger batches (stores that poll; default 0: read at once).
   */
  readonly lingerMs?: number;
}

export interface Subscription {
  /** Stops after the batch in hand; resolves when stopped. */
  stop(): Promise<void>;
  /** Rejects if the subscription fails (including when onEvents throws). */
  readonly finished: Promise<void>;
}

/** One stream's part of an `appendMany`. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

/** The event store port: PostgreSQL and EventStoreDB adapters implement it, one contract suite proves both. */
export interface EventStore {
  append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /**
   * New events for several streams, in one call, results in the order given; a stream may appear
   * more than once (checked against what the earlier parts wrote). On PostgreSQL it is atomic: a
   * wrong expected revision or an id stored before (EventIdConflictError: retries go through
   * `append`, which answers duplicates) writes nothing at all. EventStoreDB has no transactions
   * across streams: there the parts are appended one after another.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** A stream's events in revision order; empty for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Several whole streams in one call: each id maps to its events in revision order (empty when absent). */
  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /**
   * Events in global order after a position. Gap-safe: never returns an event while an earlier
   * position may still commit, so a reader following it never skips one.
   */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `after`, then live. */
  subscribeToAll(options: SubscribeToAllOptions): Subscription;
  /** The position of the last event readers may see, or null for an empty store. */
  headPosition(): Promise<GlobalPosition | null>;
  /**
   * The position of the newest committed event, or null for an empty store: at or beyond every position an append
   * answered, at once, where the head may stay behind it while an earlier append is in flight.
   */
  newestPosition(): Promise<GlobalPosition | null>;
  close(): Promise<void>;
}
