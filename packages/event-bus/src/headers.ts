import type { RecordedEvent } from '@ctp/contracts';
import type { IHeaders } from 'kafkajs';
import { EventMessageError } from './errors.js';

type EnvelopeField = Exclude<keyof RecordedEvent, 'data'>;

/** The Kafka header that carries each envelope field; traceparent keeps its W3C name. */
export const envelopeHeaders = {
  id: 'ctp-id',
  type: 'ctp-type',
  schemaVersion: 'ctp-schema-version',
  streamId: 'ctp-stream-id',
  revision: 'ctp-revision',
  globalPosition: 'ctp-global-position',
  occurredAt: 'ctp-occurred-at',
  recordedAt: 'ctp-recorded-at',
  correlationId: 'ctp-correlation-id',
  causationId: 'ctp-causation-id',
  actor: 'ctp-actor',
  traceparent: 'traceparent',
} as const satisfies Record<EnvelopeField, string>;

export type HeaderValues = Record<string, string>;

/** A header as one string, or undefined when absent; a repeated header is an error. */
export function optionalHeader(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new EventMessageError('invalid_header', name, `appears ${value.length} times`);
    return String(value[0]);
  }
  return value.toString();
}

export function requiredHeader(headers: IHeaders | undefined, name: string): string {
  const value = optionalHeader(headers, name);
  if (value === undefined) throw new EventMessageError('missing_header', name);
  return value;
}

export function headerStrings(headers: IHeaders | undefined): HeaderValues {
  const strings: HeaderValues = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = optionalHeader(headers, name);
    if (value !== undefined) strings[name] = value;
  }
  return strings;
}
