import { parseEventData } from './default-registry.js';
import { recordedEventSchema, eventToAppendSchema, type EventMetadata, type EventToAppend } from './envelope.js';
import { ContractError, issuesOf } from './errors.js';
import { eventRegistry, type EventData, type EventType, type RecordedDomainEvent } from './events/index.js';
import { categoryOf } from './streams.js';

/** An event ready to append: data validated against the latest schema, envelope checked. */
export function buildEvent<T extends EventType>(
  type: T,
  data: EventData<T>,
  metadata: EventMetadata,
): EventToAppend<T, EventData<T>> {
  const definition = eventRegistry.latest(type);
  const event = { ...metadata, type, schemaVersion: definition.version, data: parseEventData(type, data) };
  const envelope = eventToAppendSchema.safeParse(event);
  if (!envelope.success) {
    throw new ContractError('invalid_envelope', `invalid envelope for ${type}`, issuesOf(envelope.error));
  }
  const category = categoryOf(metadata.streamId);
  if (category !== definition.category) {
    throw new ContractError(
      'invalid_envelope',
      `${type} belongs in a ${definition.category} stream, not ${metadata.streamId}`,
      [{ path: 'streamId', message: `expected a ${definition.category}-<id> stream` }],
    );
  }
  return event;
}

/**
 * Checks a stored event's envelope and upcasts its data to the latest version (schemaVersion then
 * says so). Personal fields must already be decrypted or erased, at the stored version's paths.
 */
export function decodeRecordedEvent(raw: unknown): RecordedDomainEvent {
  const parsed = recordedEventSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ContractError('invalid_envelope', 'invalid recorded event envelope', issuesOf(parsed.error));
  }
  const { type, schemaVersion, data } = parsed.data;
  const upcasted = eventRegistry.upcast(type, schemaVersion, data);
  return { ...parsed.data, schemaVersion: upcasted.version, data: upcasted.data } as RecordedDomainEvent;
}
