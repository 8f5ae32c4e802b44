import { eventRegistry, streamIdFor, type Actor, type EventToAppend, type GlobalPosition } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { ValidFact } from './fact-batch.js';

export interface PublishContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly traceparent: string | null;
}

export interface PublishedFact {
  readonly id: string;
  readonly status: 'accepted' | 'duplicate';
  readonly streamId: string;
  readonly revision: number;
  readonly globalPosition: GlobalPosition;
}

function toEvent(valid: ValidFact, context: PublishContext): EventToAppend {
  return {
    id: valid.fact.id,
    type: valid.fact.type,
    schemaVersion: eventRegistry.latest(valid.fact.type).version,
    streamId: streamIdFor('customer', valid.fact.customerId),
    occurredAt: valid.fact.occurredAt,
    correlationId: context.correlationId,
    causationId: null,
    actor: context.actor,
    traceparent: context.traceparent,
    data: valid.data,
  };
}

/**
 * Appends the facts stream by stream, in batch order within each stream. The client's event id
 * is the event id, so a re-sent batch appends nothing and reports duplicates.
 */
export async function publishFacts(
  store: EventStore,
  facts: readonly ValidFact[],
  context: PublishContext,
): Promise<PublishedFact[]> {
  const byStream = new Map<string, EventToAppend[]>();
  for (const valid of facts) {
    const event = toEvent(valid, context);
    byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  }
  const published = new Map<string, PublishedFact>();
  for (const [streamId, events] of byStream) {
    const result = await store.append(streamId, events, { expectedRevision: 'any' });
    for (const appended of result.events) {
      published.set(appended.id, {
        id: appended.id,
        status: appended.duplicate ? 'duplicate' : 'accepted',
        streamId,
        revision: appended.revision,
        globalPosition: appended.globalPosition,
      });
    }
  }
  return facts.map((valid) => published.get(valid.fact.id)!);
}
