import type { EventToAppend, RecordedEvent } from '@ctp/contracts';
import type { AppendedEvent, AppendResult, ExpectedRevision } from '../port.js';

/**
 * The columns every read selects, in the shape `toRecordedEvent` takes. Aliases differ from column
 * names on purpose: ORDER BY resolves an output alias first, and would then sort text.
 */
export const eventColumns = `global_position::text AS position_text, event_id::text AS id_text, stream_id, revision::text AS revision_text,
  type, schema_version, data, occurred_at, recorded_at, correlation_id, causation_id, actor, traceparent`;

export interface EventRow {
  position_text: string;
  id_text: string;
  stream_id: string;
  revision_text: string;
  type: string;
  schema_version: number;
  data: unknown;
  occurred_at: string;
  recorded_at: Date;
  correlation_id: string;
  causation_id: string | null;
  actor: RecordedEvent['actor'];
  traceparent: string | null;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id_text,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: Number(row.revision_text),
    globalPosition: row.position_text,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at.toISOString(),
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    actor: row.actor,
    traceparent: row.traceparent,
    data: row.data,
  };
}

/** The jsonb document append_events reads for each event. */
export function toAppendDocument(event: EventToAppend): Record<string, unknown> {
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    occurredAt: event.occurredAt,
    correlationId: event.correlationId,
    causationId: event.causationId,
    actor: event.actor,
    traceparent: event.traceparent,
  };
}

export function expectedParameters(expected: ExpectedRevision): [kind: string, revision: number | null] {
  return typeof expected === 'number' ? ['revision', expected] : [expected, null];
}

export interface AppendRow {
  o_event_id: string;
  o_revision: string;
  o_position: string;
  o_duplicate: boolean;
}

export function toAppendResult(streamId: string, rows: readonly AppendRow[]): AppendResult {
  const events: AppendedEvent[] = rows.map((row) => ({
    id: row.o_event_id,
    revision: Number(row.o_revision),
    globalPosition: row.o_position,
    duplicate: row.o_duplicate,
  }));
  const last = events[events.length - 1];
  if (!last) throw new Error(`append to ${streamId} returned no rows`);
  return { streamId, lastRevision: last.revision, lastPosition: last.globalPosition, events };
}
