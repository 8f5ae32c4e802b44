import { recordedEventSchema, type RecordedEvent } from '@ctp/contracts';
import type { IHeaders } from 'kafkajs';
import { EventMessageError } from './errors.js';
import { envelopeHeaders, optionalHeader, requiredHeader, type HeaderValues } from './headers.js';

/** An event as the relay produces it: key = stream id (per-stream order), value = JSON data. */
export interface EventMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: HeaderValues;
}

/** What kafkajs hands a consumer (or a producer was given). */
export interface IncomingMessage {
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: IHeaders;
}

/**
 * Nullable fields: ctp-causation-id is always present and empty for none (a causation id is never
 * empty), so a lost header is still detected; traceparent is only sent when there is one, as W3C
 * propagators expect a valid value or no header.
 */
export function toKafkaMessage(event: RecordedEvent): EventMessage {
  const h = envelopeHeaders;
  const headers: HeaderValues = {
    [h.id]: event.id,
    [h.type]: event.type,
    [h.schemaVersion]: String(event.schemaVersion),
    [h.streamId]: event.streamId,
    [h.revision]: String(event.revision),
    [h.globalPosition]: event.globalPosition,
    [h.occurredAt]: event.occurredAt,
    [h.recordedAt]: event.recordedAt,
    [h.correlationId]: event.correlationId,
    [h.causationId]: event.causationId ?? '',
    [h.actor]: JSON.stringify(event.actor),
  };
  if (event.traceparent !== null) headers[h.traceparent] = event.traceparent;
  return { key: event.streamId, value: JSON.stringify(event.data), headers };
}

export function fromKafkaMessage(message: IncomingMessage): RecordedEvent {
  const h = envelopeHeaders;
  const get = (name: string) => requiredHeader(message.headers, name);
  const causationId = get(h.causationId);
  const candidate = {
    id: get(h.id),
    type: get(h.type),
    schemaVersion: integerHeader(h.schemaVersion, get(h.schemaVersion)),
    streamId: get(h.streamId),
    revision: integerHeader(h.revision, get(h.revision)),
    globalPosition: get(h.globalPosition),
    occurredAt: get(h.occurredAt),
    recordedAt: get(h.recordedAt),
    correlationId: get(h.correlationId),
    causationId: causationId === '' ? null : causationId,
    actor: jsonHeader(h.actor, get(h.actor)),
    traceparent: optionalHeader(message.headers, h.traceparent) ?? null,
    data: dataOf(message.value),
  };
  const parsed = recordedEventSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const part = field in h ? h[field as keyof typeof h] : 'value';
    throw new EventMessageError(part === 'value' ? 'invalid_value' : 'invalid_header', part, issue?.message);
  }
  const key = message.key?.toString();
  if (key !== undefined && key !== parsed.data.streamId) {
    throw new EventMessageError('invalid_header', h.streamId, `${parsed.data.streamId} differs from the message key ${key}`);
  }
  return parsed.data as RecordedEvent;
}

function integerHeader(name: string, text: string): number {
  if (!/^(0|[1-9]\d{0,14})$/.test(text)) throw new EventMessageError('invalid_header', name, `${JSON.stringify(text)} is not an integer`);
  return Number(text);
}

function jsonHeader(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EventMessageError('invalid_header', name, 'not JSON');
  }
}

function dataOf(value: Buffer | string | null): unknown {
  if (value === null) throw new EventMessageError('missing_value', 'value');
  try {
    return JSON.parse(value.toString());
  } catch {
    throw new EventMessageError('invalid_value', 'value', 'not JSON');
  }
}
