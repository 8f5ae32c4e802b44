import { eventRegistry, type RecordedEvent } from '@ctp/contracts';

/**
 * The customer an event concerns, or null: its registry subject (for an event with personal fields,
 * the customer whose key sealed them), else the id of a `customer-` stream. The sealer indexes every
 * seal by it, and the auditors' routes apply it to the events not sealed yet.
 */
export function customerOf(event: RecordedEvent): string | null {
  try {
    if (eventRegistry.has(event.type)) {
      const subject = eventRegistry.subjectOf(event.type, event.schemaVersion, event.data);
      if (subject) return subject;
    }
  } catch {
    // An event whose data lacks its subject still gets sealed; it is found by stream.
  }
  return event.streamId.startsWith('customer-') ? event.streamId.slice('customer-'.length) : null;
}
