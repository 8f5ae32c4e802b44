import type { EventToAppend } from '@ctp/contracts';

type Content = Pick<EventToAppend, 'type' | 'schemaVersion' | 'streamId' | 'occurredAt' | 'data'>;

/**
 * Whether a retried event is the one already stored under its id. Content is type, schema version,
 * stream, occurredAt (the same string) and data (equal as JSON values: key order is irrelevant, as in
 * jsonb). Envelope fields that may differ between attempts (correlation, causation, actor,
 * traceparent) and what the store assigns (revision, position, recordedAt) are not content.
 */
export function sameContent(candidate: Content, stored: Content): boolean {
  return (
    candidate.type === stored.type &&
    candidate.schemaVersion === stored.schemaVersion &&
    candidate.streamId === stored.streamId &&
    candidate.occurredAt === stored.occurredAt &&
    jsonEqual(candidate.data, stored.data)
  );
}

export function jsonEqual(left: unknown, right: unknown): boolean {
  return equalValues(asJson(left), asJson(right));
}

function asJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function equalValues(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    return Array.isArray(left) && Array.isArray(right) && left.length === right.length && left.every((item, index) => equalValues(item, right[index]));
  }
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const keys = Object.keys(leftRecord);
  return keys.length === Object.keys(rightRecord).length && keys.every((key) => Object.hasOwn(rightRecord, key) && equalValues(leftRecord[key], rightRecord[key]));
}
