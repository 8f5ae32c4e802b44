import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { erasedIds } from '@ctp/identity';
import { loadStates } from '../rules/load-states.js';

export interface Erasures {
  /** The store as stored, not decrypted: merge links need no personal data. */
  readonly reader: EventStore;
  /** Destroys a customer's key; destroying it again is harmless. */
  readonly erase: (customerId: string) => Promise<void>;
}

const customerEvent = decoderFor('customer');

/**
 * Every stored erasure request destroys the keys of its customer and of every id merged into it.
 * POST /v1/events does so right after the append; this reaction, from the event itself, covers a
 * crash between the two, so a stored request is always honoured.
 */
export async function honourErasures(erasures: Erasures, events: readonly RecordedEvent[]): Promise<void> {
  const requested = events.filter((raw) => raw.type === 'CustomerErasureRequested').flatMap((raw) => {
    const event = customerEvent(raw);
    return event.type === 'CustomerErasureRequested' ? [event.data.customerId] : [];
  });
  if (requested.length === 0) return;
  const states = await loadStates(erasures.reader, requested);
  for (const customerId of erasedIds(states, requested)) await erasures.erase(customerId);
}
