import { decodeRecordedEvent, streamIdFor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { foldFacts } from './customer-state.js';
import { missingIds, type States } from './merge-groups.js';

/**
 * Reads the streams a batch is judged against: each named customer, its survivor, and everything
 * merged into that survivor. Reads need no personal data, so `reader` need not decrypt.
 */
export async function loadStates(reader: EventStore, customerIds: Iterable<string>): Promise<States> {
  const states: States = new Map();
  for (let missing = missingIds(states, customerIds); missing.length > 0; missing = missingIds(states, customerIds)) {
    const histories = await Promise.all(missing.map((id) => reader.readStream(streamIdFor('customer', id))));
    missing.forEach((id, i) => states.set(id, foldFacts(id, histories[i]!.map(decodeRecordedEvent))));
  }
  return states;
}
