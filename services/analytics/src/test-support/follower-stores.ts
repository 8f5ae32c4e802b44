import { randomUUID } from 'node:crypto';
import type { DomainEvent, RecordedEvent } from '@ctp/contracts';
import { createEventStore, envelopes, type EventStore } from '@ctp/event-store';
import { mongoUrl, postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';

export interface FreshStores {
  readonly store: EventStore;
  readonly db: Db;
  readonly schema: string;
}

/** An event on its own stream at `at`, as the follower tests' histories write them. */
export interface TimedStreamEvent {
  readonly streamId: string;
  readonly event: DomainEvent;
  readonly at: string;
}

/**
 * One Mongo client for a describe block of a follower's int tests: `fresh()` gives a test its own event store schema
 * and database, `cleanUp()` drops both.
 */
export function followerStores(prefix: string, actorId: string) {
  const client = new MongoClient(mongoUrl());
  beforeAll(() => client.connect());
  afterAll(() => client.close());
  let current: FreshStores | null = null;
  let databases: Db[] = [];
  const stores = () => {
    if (current === null) throw new Error(`${prefix}: fresh() first`);
    return current;
  };
  return {
    async fresh(): Promise<FreshStores> {
      const schema = uniqueName(prefix);
      current = { schema, store: await createEventStore(postgresUrl(), { schema }), db: client.db(uniqueName(prefix)) };
      databases = [current.db];
      return current;
    },
    /** Another database, dropped by `cleanUp()` too. */
    database(suffix: string): Db {
      const db = client.db(uniqueName(`${prefix}_${suffix}`));
      databases.push(db);
      return db;
    },
    async cleanUp() {
      const { store } = stores();
      current = null;
      for (const db of databases) await db.dropDatabase();
      await store.close();
    },
    /** The store's whole feed once it shows this test's last append (test-kit's wholeFeed says why it waits). */
    settledFeed: (): Promise<RecordedEvent[]> => wholeFeed(stores().store),
    /** Appends the events, `chunk` streams an append; the position of the last. */
    async append(events: readonly TimedStreamEvent[], chunk = 50): Promise<string> {
      const { store } = stores();
      let head = '';
      for (let first = 0; first < events.length; first += chunk) {
        const results = await store.appendMany(events.slice(first, first + chunk).map(({ streamId, event, at }) => ({
          streamId,
          events: envelopes(streamId, [event], { causationId: randomUUID(), correlationId: prefix, occurredAt: at, actor: { kind: 'service', id: actorId } }),
          expectedRevision: 'any' as const,
        })));
        head = results.at(-1)!.lastPosition;
      }
      return head;
    },
  };
}
