import type { Actor, EventToAppend, GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { toGlobalPosition } from '@ctp/contracts';
import { ANY, NO_STREAM, STREAM_EXISTS, jsonEvent } from '@eventstore/db-client';
import type { AppendExpectedRevision, EventData, JSONType, Position, ResolvedEvent } from '@eventstore/db-client';
import type { ExpectedRevision } from '../port.js';

/** Envelope fields ride in ESDB metadata; `$correlationId`/`$causationId` are ESDB's own names. */
export interface EnvelopeMetadata {
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: Actor;
  readonly traceparent: string | null;
  readonly $correlationId: string;
  readonly $causationId?: string;
  /** Which append attempt wrote the event: tells a fresh write from one ESDB deduplicated. */
  readonly appendId: string;
}

export interface StoredEvent {
  readonly event: RecordedEvent;
  readonly appendId: string | null;
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** Our position is ESDB's commit position; unique per event since ESDB 20.6 (no explicit transactions). */
export function fromEsdbPosition(position: Position): GlobalPosition {
  return toGlobalPosition(position.commit);
}

export function toEsdbPosition(position: GlobalPosition): Position {
  const commit = BigInt(toGlobalPosition(position));
  return { commit, prepare: commit };
}

export function toEsdbEvent(event: EventToAppend, appendId: string): EventData {
  const metadata: EnvelopeMetadata = {
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    correlationId: event.correlationId,
    causationId: event.causationId,
    actor: event.actor,
    traceparent: event.traceparent,
    $correlationId: event.correlationId,
    ...(event.causationId === null ? {} : { $causationId: event.causationId }),
    appendId,
  };
  return jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata });
}

export function isSystemEvent(resolved: ResolvedEvent): boolean {
  const event = resolved.event;
  return !event || event.type.startsWith('$') || event.streamId.startsWith('$');
}

export function fromEsdbEvent(resolved: ResolvedEvent): StoredEvent {
  const event = resolved.event;
  if (!event) throw new Error('ESDB returned a link without its event; links are not used by this store');
  const position = event.position ?? (resolved.commitPosition === undefined ? undefined : { commit: resolved.commitPosition, prepare: resolved.commitPosition });
  if (!position) throw new Error(`ESDB did not return the position of event ${event.id}; it needs server 22.6 or later`);
  const metadata = (event.metadata ?? {}) as Partial<EnvelopeMetadata>;
  const data = event.isJson ? event.data : Buffer.from(event.data as Uint8Array).toString('base64');
  return {
    appendId: metadata.appendId ?? null,
    event: {
      id: event.id,
      type: event.type,
      schemaVersion: metadata.schemaVersion ?? 1,
      streamId: event.streamId,
      revision: Number(event.revision),
      globalPosition: fromEsdbPosition(position),
      occurredAt: metadata.occurredAt ?? event.created.toISOString(),
      recordedAt: event.created.toISOString(),
      correlationId: metadata.correlationId ?? event.id,
      causationId: metadata.causationId ?? null,
      actor: metadata.actor ?? { kind: 'system', id: 'unknown' },
      traceparent: metadata.traceparent ?? null,
      data,
    },
  };
}
