import { categoryOf, type GlobalPosition } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { Db } from 'mongodb';
import type { ProjectionDefinition } from '../definition.js';
import { RebuildError } from '../errors.js';
import { processEvents } from '../processing/process-events.js';
import type { RetryPolicy } from '../processing/retry-policy.js';
import { foldedWriter, versionedWriter } from '../runtime/version-router.js';
import { errorFields } from '../runtime/parking.js';

export interface FeedProgress {
  readonly position: GlobalPosition | null;
  readonly events: number;
}

/** Applies the store's global feed, in order, into one version of a projection's collections. */
export class StoreFeed<C extends string> {
  private readonly categories: ReadonlySet<string>;
  events = 0;

  constructor(
    private readonly projection: ProjectionDefinition<C>,
    private readonly store: EventStore,
    private readonly db: Db,
    private readonly version: number,
    private readonly batchSize: number,
    private readonly retry: RetryPolicy,
  ) {
    this.categories = new Set(projection.categories);
  }

  /** Reads and applies until the store has nothing after the position; returns the new position. */
  async catchUp(after: GlobalPosition | null, onBatch: (progress: FeedProgress) => Promise<void>): Promise<GlobalPosition | null> {
    let position = after;
    for (;;) {
      const batch = await this.store.readAll({ after: position, limit: this.batchSize });
      const last = batch.at(-1);
      if (!last) return position;
      const mine = batch.filter((event) => this.categories.has(categoryOf(event.streamId)));
      const writeRound = versionedWriter<C>(this.db, [this.version]);
      const writeFolded = foldedWriter<C>(this.db, [this.version]);
      const result = await processEvents({ projection: this.projection, retry: this.retry, writeRound, writeFolded }, mine, new Map());
      const poison = result.parked.find((parked) => parked.reason !== 'stream_blocked');
      if (poison) {
        const { message } = errorFields(poison.error);
        throw new RebuildError('poison_event', `${this.projection.name}: event ${poison.event.id} (${poison.event.type} at ${poison.event.globalPosition}) ${poison.reason}: ${message}`, { cause: poison.error });
      }
      position = last.globalPosition;
      this.events += mine.length;
      await onBatch({ position, events: this.events });
    }
  }
}
