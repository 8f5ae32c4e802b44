import { ERASED, getAtPath, mapPersonalFields, type EventRegistry, type EventToAppend, type RecordedEvent } from '@ctp/contracts';
import { KeyringError } from './errors.js';
import { decryptField, encryptField, fieldAad } from './field-cipher.js';
import type { KeyLookup } from './keyring.js';
import { isToken, parseToken } from './token.js';

type Envelope = Pick<EventToAppend, 'id' | 'type' | 'schemaVersion' | 'data'>;

/** The customer whose key protects an event's personal fields, or null when it has none. */
export function subjectNeedingKey(registry: EventRegistry, event: Envelope): string | null {
  if (registry.personalFieldPaths(event.type, event.schemaVersion).length === 0) return null;
  return registry.subjectOf(event.type, event.schemaVersion, event.data);
}

/** Encrypts each personal field with the subject's key; an erased subject's fields are stored erased. */
export function sealEvent<E extends Envelope>(registry: EventRegistry, event: E, keys: ReadonlyMap<string, KeyLookup>): E {
  const subject = subjectNeedingKey(registry, event);
  if (subject === null) return event;
  const key = keys.get(subject);
  if (!key) throw new KeyringError(`no data key for customer ${subject}`);
  const paths = registry.personalFieldPaths(event.type, event.schemaVersion);
  const data = mapPersonalFields(event.data, paths, (value, path) =>
    key === 'destroyed' ? ERASED : encryptField(key.keyId, key.key, value, fieldAad(event.id, path)),
  );
  return { ...event, data };
}

/** An event's personal fields stored as ciphertext, each with the key id that sealed it; events of unknown types carry none we can open. */
export function sealedFieldsOf(registry: EventRegistry, event: Envelope): { readonly path: string; readonly keyId: string }[] {
  if (!registry.has(event.type)) return [];
  const fields: { path: string; keyId: string }[] = [];
  for (const path of registry.personalFieldPaths(event.type, event.schemaVersion)) {
    const value = getAtPath(event.data, path);
    if (typeof value === 'string' && isToken(value)) fields.push({ path, keyId: parseToken(value).keyId });
  }
  return fields;
}

/** Key ids named by an event's personal fields. */
export function keyIdsOf(registry: EventRegistry, event: Envelope): string[] {
  return sealedFieldsOf(registry, event).map(({ keyId }) => keyId);
}

/**
 * Decrypts each personal field; under a destroyed key it reads as ERASED. Values that are not
 * tokens (already erased, or written before protection) are returned as stored.
 */
export function openEvent(registry: EventRegistry, event: RecordedEvent, keys: ReadonlyMap<string, KeyLookup>): RecordedEvent {
  if (!registry.has(event.type)) return event;
  const paths = registry.personalFieldPaths(event.type, event.schemaVersion);
  if (paths.length === 0) return event;
  const data = mapPersonalFields(event.data, paths, (value, path) => {
    if (!isToken(value)) return value;
    const sealed = parseToken(value);
    const key = keys.get(sealed.keyId);
    if (!key) throw new KeyringError(`event ${event.id} names data key ${sealed.keyId}, which the keyring never issued`);
    return key === 'destroyed' ? ERASED : decryptField(key.key, sealed, fieldAad(event.id, path));
  });
  return { ...event, data };
}

/** The candidate as it would read back now: fields erased in the stored event compare as erased. */
export function asStoredWouldRead<E extends Envelope>(registry: EventRegistry, candidate: E, opened: RecordedEvent): E {
  const paths = registry.personalFieldPaths(candidate.type, candidate.schemaVersion);
  const data = mapPersonalFields(candidate.data, paths, (value, path) => (getAtPath(opened.data, path) === ERASED ? ERASED : value));
  return { ...candidate, data };
}
