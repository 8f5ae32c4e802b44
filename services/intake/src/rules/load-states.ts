import { decodeRecordedEvent, streamIdFor, type RecordedDomainEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { missingIds } from '@ctp/identity';
import { foldFacts, type States } from './customer-state.js';

export interface CustomerStreams {
  readonly states: States;
  readonly events: ReadonlyMap<string, readonly RecordedDomainEvent[]>;
}

/**
 * Reads the streams a judgement or a read needs: each named customer, its survivor, and
 * everything merged into that survivor; each stream once.
 */
export async function loadCustomerStreams(reader: EventStore, customerIds: Iterable<string>): Promise<CustomerStreams> {
  const states: States = new Map();
  const events = new Map<string, RecordedDomainEvent[]>();
  for (let missing = missingIds(states, customerIds); missing.length > 0; missing = missingIds(states, customerIds)) {
    const streams = await reader.readStreams(missing.map((id) => streamIdFor('customer', id)));
    missing.forEach((id) => {
      const decoded = streams.get(streamIdFor('customer', id))!.map(decodeRecordedEvent);
      events.set(id, decoded);
      states.set(id, foldFacts(id, decoded));
    });
  }
  return { states, events };
}

/** The states alone; judging needs no personal data, so `reader` need not decrypt. */
export async function loadStates(reader: EventStore, customerIds: Iterable<string>): Promise<States> {
  return (await loadCustomerStreams(reader, customerIds)).states;
}
