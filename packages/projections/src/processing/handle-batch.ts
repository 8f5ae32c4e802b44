import type { RecordedEvent } from '@ctp/contracts';
import type { ProjectionDefinition } from '../definition.js';
import type { ProjectionWrite } from '../writes/guarded-write.js';

export type EventOutcome<C extends string> = { readonly ok: true; readonly writes: readonly ProjectionWrite<C>[] } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `handle` over the batch, and only when that throws (or returns a write for a position not
 * in the batch) over each event alone, so one poison event cannot hold back the others.
 */
export function handleBatch<C extends string>(projection: ProjectionDefinition<C>, events: readonly RecordedEvent[]): EventOutcome<C>[] {
  try {
    const writes = projection.handle(events);
    const byPosition = new Map(events.map((event) => [event.globalPosition, [] as ProjectionWrite<C>[]]));
    for (const write of writes) {
      const bucket = byPosition.get(write.position);
      if (!bucket) throw new Error(`a write for position ${write.position} matches no event of the batch`);
      bucket.push(write);
    }
    return events.map((event) => ({ ok: true, writes: byPosition.get(event.globalPosition) ?? [] }));
  } catch {
    return events.map((event) => handleOne(projection, event));
  }
}

export function handleOne<C extends string>(projection: ProjectionDefinition<C>, event: RecordedEvent): EventOutcome<C> {
  try {
    const writes = projection.handle([event]);
    const stray = writes.find((write) => write.position !== event.globalPosition);
    if (stray) throw new Error(`handle wrote position ${stray.position} for event ${event.id} at ${event.globalPosition}`);
    return { ok: true, writes };
  } catch (error) {
    return { ok: false, error };
  }
}
