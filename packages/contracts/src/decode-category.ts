import type { RecordedEvent } from './envelope.js';
import { ContractError } from './errors.js';
import { eventRegistry, type EventTypeOf, type RecordedDomainEvent } from './events/index.js';
import type { Category } from './streams.js';

export type RecordedEventOf<C extends Category> = RecordedDomainEvent<EventTypeOf<C>>;

/**
 * The typed, upcasting decoder of one category: a stored event of another category or of an
 * unknown type is refused; older schema versions come out at the latest. The envelope is trusted
 * (the store checked it on append), so a stream's history decodes fast.
 */
export function decoderFor<C extends Category>(category: C): (raw: RecordedEvent) => RecordedEventOf<C> {
  const types = new Set<string>(eventRegistry.ofCategory(category).map((definition) => definition.type));
  return (raw) => {
    if (!types.has(raw.type)) {
      throw new ContractError('invalid_envelope', `${raw.type} (event ${raw.id} in ${raw.streamId}) is not a ${category} event`);
    }
    if (raw.schemaVersion === eventRegistry.latest(raw.type).version) return raw as RecordedEventOf<C>;
    const { version, data } = eventRegistry.upcast(raw.type, raw.schemaVersion, raw.data);
    return { ...raw, schemaVersion: version, data } as RecordedEventOf<C>;
  };
}
