import { buildEvent, decoderFor, nameUuid, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import { EventIdConflictError, type EventStore } from '@ctp/event-store';
import { mergeGroup } from '@ctp/identity';
import { loadStates } from '../rules/load-states.js';

export interface Erasures {
  /** The store as stored, not decrypted: merge links need no personal data. */
  readonly reader: EventStore;
  /** Where the proof of each honoured request is appended. */
  readonly store: EventStore;
  /** Destroys a customer's key and answers its id; destroying it again is harmless and answers the same id. */
  readonly erase: (customerId: string) => Promise<string>;
  readonly clock: () => Date;
}

const customerEvent = decoderFor('customer');
const erasureActor = { kind: 'service', id: 'intake' } as const;

/**
 * Every stored erasure request destroys the keys of its customer and of every id merged into it,
 * then appends the proof (CustomerErased, naming each destroyed key's id: analytics lists the fields
 * each sealed) to the customer's audit stream. POST /v1/events destroys
 * the keys right after the append; this reaction, from the event itself, covers a crash between the
 * two, so a stored request is always honoured, and proven once (the proof's id is the request's).
 */
export async function honourErasures(erasures: Erasures, events: readonly RecordedEvent[]): Promise<void> {
  const requests = events.filter((raw) => raw.type === 'CustomerErasureRequested').flatMap((raw) => {
    const event = customerEvent(raw);
    return event.type === 'CustomerErasureRequested' ? [{ raw, data: event.data }] : [];
  });
  if (requests.length === 0) return;
  const states = await loadStates(erasures.reader, requests.map(({ data }) => data.customerId));
  for (const { raw, data } of requests) {
    const keysDestroyed = mergeGroup(states, data.customerId);
    const destroyedKeys: { customerId: string; keyId: string }[] = [];
    for (const customerId of keysDestroyed) destroyedKeys.push({ customerId, keyId: await erasures.erase(customerId) });
    await appendProof(erasures, raw, { customerId: data.customerId, requestId: data.requestId, keysDestroyed, destroyedKeys });
  }
}

type Proof = { customerId: string; requestId: string; keysDestroyed: string[]; destroyedKeys: { customerId: string; keyId: string }[] };

async function appendProof(erasures: Erasures, request: RecordedEvent, proof: Proof): Promise<void> {
  const streamId = streamIdFor('audit', proof.customerId);
  const id = nameUuid(['customer-erased', request.id]);
  if ((await erasures.reader.readStream(streamId)).some((event) => event.id === id)) return;
  const event = buildEvent(
    'CustomerErased',
    { ...proof, requestEventId: request.id, requestPosition: request.globalPosition, requestedAt: request.occurredAt },
    { id, streamId, occurredAt: erasures.clock().toISOString(), correlationId: request.correlationId, causationId: request.id, actor: erasureActor, traceparent: request.traceparent },
  );
  try {
    await erasures.store.append(streamId, [event], { expectedRevision: 'any' });
  } catch (error) {
    // Another instance proved the same request a moment earlier, at another instant.
    if (!(error instanceof EventIdConflictError)) throw error;
  }
}
