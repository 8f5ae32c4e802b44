import { createHash } from 'node:crypto';
import { quoteSchema } from './names.js';

/** Advisory lock keys of one schema: [class, key] pairs, so two schemas never share a lock. */
export function lockKeys(schema: string): { stream: number; position: number } {
  const digest = createHash('sha256').update(`ctp-event-store:${schema}`).digest();
  return { stream: digest.readInt32BE(0), position: digest.readInt32BE(4) };
}

/** Whether a stream at `v_current` is where the caller expected it (the kinds of ExpectedRevision). */
export function expectedRevisionHolds(kind: string, revision: string): string {
  return `(CASE ${kind}
      WHEN 'any' THEN true
      WHEN 'no_stream' THEN v_current = -1
      WHEN 'stream_exists' THEN v_current >= 0
      ELSE v_current = ${revision} END)`;
}

/**
 * The position section: under the short position lock, assign the transaction's id, then take
 * `count` consecutive positions, the first into `first`. The lock is released in an exception block,
 * so an error or a cancel cannot leak it (see docs/event-store.md, gap-safe global order). Every
 * step is an assignment, which PL/pgSQL evaluates directly (a PERFORM would plan and run a query
 * each time), so the lock is held for microseconds; `setval` is safe because only this section
 * draws from the sequence. Needs `v_ignored text` declared.
 */
export function takePositions(schema: string, keys: { stream: number; position: number }, count: string, first: string): string {
  const sequence = `'${quoteSchema(schema)}.global_position'`;
  return `BEGIN
      v_ignored := pg_advisory_lock(${keys.position}, ${keys.stream});
      v_ignored := pg_current_xact_id();
      ${first} := nextval(${sequence});
      IF ${count} > 1 THEN
        v_ignored := setval(${sequence}, ${first} + ${count} - 1);
      END IF;
      v_ignored := pg_advisory_unlock(${keys.position}, ${keys.stream});
    EXCEPTION WHEN OTHERS OR query_canceled THEN
      v_ignored := pg_advisory_unlock(${keys.position}, ${keys.stream});
      RAISE;
    END;`;
}

/** Takes the stream's transaction lock (an assignment rather than a PERFORM, as above). */
export function lockStream(keys: { stream: number }, hash: string): string {
  return `v_ignored := pg_advisory_xact_lock(${keys.stream}, ${hash});`;
}

/** Refuses to run when the transaction already has an id or is not READ COMMITTED (see the gap-safe order). */
export function firstWriteCheck(name: string): string {
  return `IF pg_current_xact_id_if_assigned() IS NOT NULL OR current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION USING ERRCODE = 'EV003',
      MESSAGE = '${name} must be the first write of a read committed transaction';
  END IF;`;
}

export const insertedColumns = `global_position, transaction_id, event_id, stream_id, revision, type, schema_version,
        data, occurred_at, recorded_at, correlation_id, causation_id, actor, traceparent`;

/**
 * append_events: the whole append in one call (one round trip).
 * 1. Serialise appends to the same stream (transaction advisory lock: no transaction id yet).
 * 2. Check the expected revision against max(revision).
 * 3. Position section, under a short session lock: assign this transaction's id, then take the
 *    positions. Transaction ids and positions are therefore handed out in the same order.
 * 4. Insert; ids already stored are skipped, then settled below: a full identical repeat returns
 *    the stored rows (whatever the expected revision), anything else is a conflict.
 */
export function appendFunctionSql(schema: string): string {
  const s = quoteSchema(schema);
  const keys = lockKeys(schema);
  const same = `e.stream_id = p_stream_id AND e.type = x.doc->>'type'
      AND e.schema_version = (x.doc->>'schemaVersion')::integer
      AND e.occurred_at = x.doc->>'occurredAt' AND e.data = x.doc->'data'`;
  const stored = `jsonb_array_elements(p_events) WITH ORDINALITY AS x(doc, n)
      JOIN (SELECT * FROM events WHERE event_id = ANY (v_ids)) e ON e.event_id = (x.doc->>'id')::uuid`;
  return `
CREATE OR REPLACE FUNCTION ${s}.append_events(
  p_stream_id text, p_expected_kind text, p_expected_revision bigint, p_events jsonb
) RETURNS TABLE (o_event_id uuid, o_revision bigint, o_position bigint, o_duplicate boolean)
LANGUAGE plpgsql SET search_path = pg_catalog, ${s} AS $fn$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_ids uuid[];
  v_current bigint;
  v_first bigint;
  v_ignored text;
  v_recorded_at timestamptz;
  v_inserted integer;
  v_stored integer;
  v_conflict_id text;
  v_conflict_stream text;
BEGIN
  ${firstWriteCheck('append_events')}
  ${lockStream(keys, 'hashtext(p_stream_id)')}
  SELECT coalesce(max(e.revision), -1) INTO v_current FROM events e WHERE e.stream_id = p_stream_id;

  IF ${expectedRevisionHolds("p_expected_kind", "p_expected_revision")} THEN
    ${takePositions(schema, keys, 'v_count', 'v_first')}
    v_recorded_at := date_trunc('milliseconds', clock_timestamp());
    RETURN QUERY WITH inserted AS (
      INSERT INTO events (${insertedColumns})
      SELECT v_first + x.n - 1, pg_current_xact_id(), (x.doc->>'id')::uuid, p_stream_id, v_current + x.n,
        x.doc->>'type', (x.doc->>'schemaVersion')::integer, x.doc->'data', x.doc->>'occurredAt',
        v_recorded_at,
        x.doc->>'correlationId', x.doc->>'causationId', x.doc->'actor', x.doc->>'traceparent'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(doc, n)
      ON CONFLICT (event_id) DO NOTHING
      RETURNING event_id, revision, global_position
    ) SELECT i.event_id, i.revision, i.global_position, false FROM inserted i ORDER BY i.revision;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
    IF v_inserted = v_count THEN
      RETURN;
    END IF;
  END IF;

  v_ids := ARRAY(SELECT (d->>'id')::uuid FROM jsonb_array_elements(p_events) AS d);
  SELECT count(*) INTO v_stored FROM events e WHERE e.event_id = ANY (v_ids) AND e.transaction_id IS DISTINCT FROM pg_current_xact_id_if_assigned();
  IF v_stored = 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'EV001', MESSAGE = 'wrong expected revision', DETAIL = v_current::text;
  END IF;
  SELECT x.doc->>'id', e.stream_id INTO v_conflict_id, v_conflict_stream FROM ${stored}
    WHERE e.transaction_id IS DISTINCT FROM pg_current_xact_id_if_assigned() AND (v_stored < v_count OR (${same}) IS NOT TRUE)
    ORDER BY (${same}) IS TRUE, x.n LIMIT 1;
  IF v_conflict_id IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'EV002', MESSAGE = 'event id conflict',
      DETAIL = json_build_object('eventId', v_conflict_id, 'streamId', v_conflict_stream)::text;
  END IF;
  RETURN QUERY SELECT e.event_id, e.revision, e.global_position, true FROM ${stored} ORDER BY x.n;
END
$fn$;
`;
}
