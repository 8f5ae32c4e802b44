import { createEventStore } from '@ctp/event-store';
import { postgresUrl } from '@ctp/test-kit';

/** How many times each event id is stored in the schema, read from the store's global feed. */
export async function storedCountsById(schema: string): Promise<Map<string, number>> {
  const store = await createEventStore(postgresUrl(), { schema });
  const counts = new Map<string, number>();
  try {
    for (let after: string | null = null; ; ) {
      const events = await store.readAll({ after, limit: 2_000 });
      if (events.length === 0) return counts;
      for (const event of events) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
      after = events.at(-1)!.globalPosition;
    }
  } finally {
    await store.close();
  }
}
