import type { EventToAppend } from '@ctp/contracts';
import type { ExpectedRevision } from '../port.js';
import { expectedRevisionHolds, firstWriteCheck, insertedColumns, lockKeys, lockStream, takePositions } from './append-function-sql.js';
import { quoteSchema } from './names.js';
import { expectedParameters } from './rows.js';

/** Batches up to this size take the one-statement path; larger ones go through append_events. */
export const maxStatementEvents = 64;

const perEvent = 9;

/**
 * begin_append: the part of an append that needs PL/pgSQL, called once by the append statement
 * with the stream's revision as the statement's snapshot saw it.
 * 1. The stream lock. Free: the snapshot's revision stands, unless an append committed between the
 *    snapshot and the lock; then the insert meets the unique (stream, revision) key and the adapter
 *    retries through append_events. Taken: wait for it and read the revision again.
 * 2. The expected revision. Not met: read again (the snapshot may be old); still not met, a retry
 *    of stored ids returns nothing (append_events answers it) and anything else is EV001.
 * 3. The position section, then the recording time, as append_events takes them.
 */
export function beginAppendFunctionSql(schema: string): string {
  const s = quoteSchema(schema);
  const keys = lockKeys(schema);
  const reread = `SELECT coalesce(max(e.revision), -1) INTO o_current FROM ${s}.events e WHERE e.stream_id = p_stream_id;`;
  return `
CREATE OR REPLACE FUNCTION ${s}.begin_append(
  p_stream_id text, p_expected_kind text, p_expected_revision bigint, p_ids uuid[], p_current bigint,
  OUT o_first bigint, OUT o_current bigint, OUT o_recorded_at timestamptz
) LANGUAGE plpgsql AS $fn$
DECLARE
  v_current bigint := p_current;
  v_ignored text;
BEGIN
  ${firstWriteCheck('append_events')}
  o_current := p_current;
  IF NOT pg_try_advisory_xact_lock(${keys.stream}, hashtext(p_stream_id)) THEN
    ${lockStream(keys, 'hashtext(p_stream_id)')}
    ${reread}
  END IF;
  v_current := o_current;
  IF NOT ${expectedRevisionHolds('p_expected_kind', 'p_expected_revision')} THEN
    ${reread}
    v_current := o_current;
    IF NOT ${expectedRevisionHolds('p_expected_kind', 'p_expected_revision')} THEN
      IF EXISTS (SELECT 1 FROM ${s}.events e WHERE e.event_id = ANY (p_ids)) THEN
        RETURN;
      END IF;
      RAISE EXCEPTION USING ERRCODE = 'EV001', MESSAGE = 'wrong expected revision', DETAIL = o_current::text;
    END IF;
  END IF;
  ${takePositions(schema, keys, 'cardinality(p_ids)', 'o_first')}
  o_recorded_at := date_trunc('milliseconds', clock_timestamp());
END
$fn$;
`;
}

/**
 * One append of `count` events as one prepared statement, with the events as typed parameters (as a
 * plain INSERT takes them) instead of a jsonb document. Returns the inserted rows; no rows when
 * begin_append leaves the append to append_events (a retry of stored ids). A unique violation means
 * an id is stored already or the snapshot's revision was old: append_events settles both.
 */
export function appendStatement(schema: string, count: number): { name: string; text: string } {
  const s = quoteSchema(schema);
  const param = (event: number, field: number) => `$${4 + event * perEvent + field}`;
  const rows = Array.from({ length: count }, (_, i) => {
    const p = (field: number) => param(i, field);
    return `(${i + 1}, ${p(0)}::uuid, ${p(1)}::text, ${p(2)}::integer, ${p(3)}::jsonb, ${p(4)}::text, ${p(5)}::text, ${p(6)}::text, ${p(7)}::jsonb, ${p(8)}::text)`;
  });
  const ids = Array.from({ length: count }, (_, i) => `${param(i, 0)}::uuid`).join(', ');
  const text = `WITH b AS MATERIALIZED (
  SELECT * FROM ${s}.begin_append($1::text, $2::text, $3::bigint, ARRAY[${ids}],
    (SELECT coalesce(max(e.revision), -1) FROM ${s}.events e WHERE e.stream_id = $1::text))
)
INSERT INTO ${s}.events (${insertedColumns})
SELECT b.o_first + v.n - 1, pg_current_xact_id(), v.id, $1::text, b.o_current + v.n, v.type, v.schema_version,
  v.data, v.occurred_at, b.o_recorded_at, v.correlation_id, v.causation_id, v.actor, v.traceparent
FROM b, (VALUES ${rows.join(',\n  ')}) AS v(n, id, type, schema_version, data, occurred_at, correlation_id, causation_id, actor, traceparent)
WHERE b.o_first IS NOT NULL
RETURNING event_id::text AS o_event_id, revision::text AS o_revision, global_position::text AS o_position`;
  return { name: `ctp-append-${count}-${schema}`, text };
}

export function appendStatementValues(streamId: string, expected: ExpectedRevision, events: readonly EventToAppend[]): unknown[] {
  const values: unknown[] = [streamId, ...expectedParameters(expected)];
  for (const event of events) {
    values.push(
      event.id, event.type, event.schemaVersion, JSON.stringify(event.data), event.occurredAt,
      event.correlationId, event.causationId, JSON.stringify(event.actor), event.traceparent,
    );
  }
  return values;
}
