import { appendFunctionSql } from './append-function-sql.js';
import { beginAppendFunctionSql } from './append-statement-sql.js';
import { appendStreamsFunctionSql } from './append-streams-sql.js';
import { quoteSchema } from './names.js';

/**
 * Idempotent DDL: safe to run on every start. Positions come from `global_position`; every row
 * carries the id of the transaction that wrote it (`transaction_id`), which readers use to stay
 * below the oldest transaction still in flight (see docs/event-store.md).
 */
export function schemaSql(schema: string): string {
  const s = quoteSchema(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE SEQUENCE IF NOT EXISTS ${s}.global_position AS bigint START 1;
CREATE TABLE IF NOT EXISTS ${s}.events (
  global_position bigint PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  occurred_at text NOT NULL,
  recorded_at timestamptz NOT NULL,
  correlation_id text NOT NULL,
  causation_id text,
  actor jsonb NOT NULL,
  traceparent text,
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
);
${appendFunctionSql(schema)}
${beginAppendFunctionSql(schema)}
${appendStreamsFunctionSql(schema)}
${settleRestoredSql(s)}
`;
}

/**
 * A logical restore (pg_dump) into another cluster carries transaction ids that cluster has not
 * reached yet, which would hide the restored events from readers. Ids and positions rise together,
 * so the newest row tells: if its id is ahead of ours, every restored row is marked settled.
 */
function settleRestoredSql(s: string): string {
  return `
DO $settle$
DECLARE
  v_last record;
BEGIN
  SELECT global_position, transaction_id INTO v_last FROM ${s}.events ORDER BY global_position DESC LIMIT 1;
  IF v_last.transaction_id > pg_current_xact_id() THEN
    UPDATE ${s}.events SET transaction_id = '0'
    WHERE global_position <= v_last.global_position AND transaction_id > pg_current_xact_id();
  END IF;
END
$settle$;`;
}
