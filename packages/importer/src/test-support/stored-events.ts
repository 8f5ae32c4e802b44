import { createEventStore } from '@ctp/event-store';
import { eachFeedPage, postgresUrl } from '@ctp/test-kit';

/** How many times each event id is stored in the schema, read from the store's global feed. */
export async function storedCountsById(schema: string): Promise<Map<string, number>> {
  const store = await createEventStore(postgresUrl(), { schema });
  const counts = new Map<string, number>();
  try {
    await eachFeedPage(store, (events) => {
      for (const event of events) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
    });
    return counts;
  } finally {
    await store.close();
  }
}
