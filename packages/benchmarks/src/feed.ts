import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { createEventStore, type EventStore } from '@ctp/event-store';
import type { Bench } from './env.js';
import { customerOf, purchaseBatch, streamOf } from './events.js';
import { inParallel } from './stats.js';

/** A store pre-filled for the relay, projection and rebuild paths, and its events in memory. */
export interface Feed {
  readonly store: EventStore;
  readonly schema: string;
  readonly events: readonly RecordedEvent[];
  readonly head: GlobalPosition;
}

/** `count` single-event appends (8 at a time), so consecutive positions belong to different customers. */
export async function prefillFeed(bench: Bench, count: number, label: string): Promise<Feed> {
  const schema = `${bench.runId}_${label}`;
  const store = await createEventStore(bench.postgresUrl, { schema });
  bench.onCleanup(() => store.close());
  await inParallel(count, 8, async (unit) => {
    const customerId = customerOf(unit);
    await store.append(streamOf(customerId), purchaseBatch(customerId, 1), { expectedRevision: 'any' });
  });
  const events: RecordedEvent[] = [];
  for (let page = await store.readAll({ after: null, limit: 1_000 }); page.length > 0; page = await store.readAll({ after: page.at(-1)!.globalPosition, limit: 1_000 })) {
    events.push(...page);
  }
  if (events.length !== count) throw new Error(`prefilled ${count} events, read back ${events.length}`);
  return { store, schema, events, head: events.at(-1)!.globalPosition };
}
