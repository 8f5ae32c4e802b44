import type { EventToAppend, RecordedEvent } from '@ctp/contracts';
import { createEventStore, type EventStore } from '@ctp/event-store';
import { postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import pg from 'pg';

/** The real PostgreSQL event store in a schema of its own, dropped on close. */
export async function storeFixture() {
  const schema = uniqueName('es_proj');
  const store: EventStore = await createEventStore(postgresUrl(), { schema, pollIntervalMs: 50 });
  let seen: string | null = null;
  return {
    store,
    /** Appends each event to its stream and returns them as recorded, in global order. */
    async append(events: readonly EventToAppend[]): Promise<RecordedEvent[]> {
      for (const event of events) await store.append(event.streamId, [event], { expectedRevision: 'any' });
      const recorded = await wholeFeed(store, seen);
      seen = recorded.at(-1)?.globalPosition ?? seen;
      return recorded;
    },
    async close() {
      await store.close();
      const client = new pg.Client({ connectionString: postgresUrl() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
