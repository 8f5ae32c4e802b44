import { expectedRevisionHolds, firstWriteCheck, insertedColumns, lockKeys, lockStream, takePositions } from './append-function-sql.js';
import { quoteSchema } from './names.js';

/**
 * append_streams: new events for several streams in one call and one transaction, all or nothing.
 * p_appends is a jsonb array of { streamId, kind, revision, events }, kind and revision as
 * append_events takes them; a stream may come more than once, each part checked against the ones
 * before it. As append_events: stream locks first (here in one global order, so two calls cannot
 * deadlock), then every expected revision (EV001, DETAIL { streamId, actual }), then one position
 * section for all the events, then the insert. These are new events: an id already stored is EV002;
 * retries, which answer duplicates, go through append_events.
 */
export function appendStreamsFunctionSql(schema: string): string {
  const s = quoteSchema(schema);
  const keys = lockKeys(schema);
  return `
CREATE OR REPLACE FUNCTION ${s}.append_streams(p_appends jsonb)
RETURNS TABLE (o_event_id uuid, o_revision bigint, o_position bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, ${s} AS $fn$
DECLARE
  v_lock integer;
  v_part jsonb;
  v_stream text;
  v_current bigint;
  v_count integer;
  v_revisions jsonb := '{}';
  v_first_revisions bigint[] := '{}';
  v_first_slots integer[] := '{}';
  v_total integer := 0;
  v_first bigint;
  v_ignored text;
  v_recorded_at timestamptz;
  v_inserted integer;
  v_conflict_id text;
  v_conflict_stream text;
BEGIN
  ${firstWriteCheck('append_streams')}
  FOR v_lock IN SELECT DISTINCT hashtext(p->>'streamId') AS h FROM jsonb_array_elements(p_appends) AS p ORDER BY h LOOP
    ${lockStream(keys, 'v_lock')}
  END LOOP;

  FOR v_part IN SELECT p FROM jsonb_array_elements(p_appends) AS p LOOP
    v_stream := v_part->>'streamId';
    IF v_revisions ? v_stream THEN
      v_current := (v_revisions->>v_stream)::bigint;
    ELSE
      SELECT coalesce(max(e.revision), -1) INTO v_current FROM events e WHERE e.stream_id = v_stream;
    END IF;
    IF NOT ${expectedRevisionHolds("v_part->>'kind'", "(v_part->>'revision')::bigint")} THEN
      RAISE EXCEPTION USING ERRCODE = 'EV001', MESSAGE = 'wrong expected revision',
        DETAIL = json_build_object('streamId', v_stream, 'actual', v_current)::text;
    END IF;
    v_count := jsonb_array_length(v_part->'events');
    v_first_revisions := v_first_revisions || (v_current + 1);
    v_first_slots := v_first_slots || v_total;
    v_total := v_total + v_count;
    v_revisions := jsonb_set(v_revisions, ARRAY[v_stream], to_jsonb(v_current + v_count));
  END LOOP;

  SELECT d->>'id', e.stream_id INTO v_conflict_id, v_conflict_stream
    FROM jsonb_array_elements(p_appends) AS p, jsonb_array_elements(p->'events') AS d
    JOIN events e ON e.event_id = (d->>'id')::uuid LIMIT 1;
  IF v_conflict_id IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'EV002', MESSAGE = 'event id conflict',
      DETAIL = json_build_object('eventId', v_conflict_id, 'streamId', v_conflict_stream)::text;
  END IF;

  ${takePositions(schema, keys, 'v_total', 'v_first')}
  v_recorded_at := date_trunc('milliseconds', clock_timestamp());
  RETURN QUERY WITH inserted AS (
    INSERT INTO events (${insertedColumns})
    SELECT v_first + v_first_slots[p.n] + x.n - 1, pg_current_xact_id(), (x.doc->>'id')::uuid, p.doc->>'streamId',
      v_first_revisions[p.n] + x.n - 1, x.doc->>'type', (x.doc->>'schemaVersion')::integer, x.doc->'data',
      x.doc->>'occurredAt', v_recorded_at, x.doc->>'correlationId', x.doc->>'causationId', x.doc->'actor', x.doc->>'traceparent'
    FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS p(doc, n),
      jsonb_array_elements(p.doc->'events') WITH ORDINALITY AS x(doc, n)
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id, revision, global_position
  ) SELECT i.event_id, i.revision, i.global_position FROM inserted i;
  GET DIAGNOSTICS v_inserted = ROW_COUNT;
  IF v_inserted < v_total THEN
    SELECT d->>'id', e.stream_id INTO v_conflict_id, v_conflict_stream
      FROM jsonb_array_elements(p_appends) AS p, jsonb_array_elements(p->'events') AS d
      JOIN events e ON e.event_id = (d->>'id')::uuid
      WHERE e.transaction_id IS DISTINCT FROM pg_current_xact_id() LIMIT 1;
    RAISE EXCEPTION USING ERRCODE = 'EV002', MESSAGE = 'event id conflict',
      DETAIL = json_build_object('eventId', v_conflict_id, 'streamId', v_conflict_stream)::text;
  END IF;
END
$fn$;
`;
}
