import type { EventToAppend } from '@ctp/contracts';
import { createEventStore, type EventStore } from '@ctp/event-store';
import pg from 'pg';
import type { Bench } from '../env.js';
import { customers, purchaseBatches } from '../events.js';
import { sideBySide, timed, type Measurement } from '../stats.js';

export interface AppendOptions {
  readonly events: number;
  /** Events per append: 1, or 10 for the batched row. */
  readonly batchSize: number;
  readonly writers: number;
  readonly repeats: number;
}

/**
 * store.append with N concurrent writers vs the same number of raw INSERT ... RETURNING round
 * trips into a table with the store's columns and indexes. Writer w owns appends w, w+N, ... and
 * so whole streams (customers % N = 0), tracking their revisions, so no append conflicts.
 */
export async function appendBenchmark(bench: Bench, options: AppendOptions) {
  if (customers % options.writers !== 0) throw new Error(`${customers} customers must split evenly over ${options.writers} writers`);
  const label = `append${options.batchSize}`;
  let run = 0;
  const fresh = () => `${bench.runId}_${label}_${run++}`;
  const appends = (events: number) => purchaseBatches(Math.ceil(events / options.batchSize), options.batchSize);
  await oursOnce(bench, fresh(), appends(1_000), options.writers); // warm-up
  await rawOnce(bench, fresh(), appends(1_000), options.writers);
  return sideBySide(
    options.repeats,
    () => oursOnce(bench, fresh(), appends(options.events), options.writers),
    () => rawOnce(bench, fresh(), appends(options.events), options.writers),
  );
}

function byWriter(batches: readonly EventToAppend[][], writers: number, write: (batch: EventToAppend[], revision: number) => Promise<void>) {
  return Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let unit = writer; unit < batches.length; unit += writers) {
        const batch = batches[unit]!;
        await write(batch, Math.floor(unit / customers) * batch.length - 1);
      }
    }),
  );
}

async function oursOnce(bench: Bench, schema: string, batches: EventToAppend[][], writers: number): Promise<Measurement> {
  const store: EventStore = await createEventStore(bench.postgresUrl, { schema, maxConnections: writers });
  try {
    await Promise.all(Array.from({ length: writers }, () => store.headPosition()));
    const ms = await timed(() =>
      byWriter(batches, writers, async (batch, last) => {
        await store.append(batch[0]!.streamId, batch, { expectedRevision: last < 0 ? 'no_stream' : last });
      }).then(() => undefined),
    );
    return { events: batches.flat().length, ms };
  } finally {
    await store.close();
    await dropSchema(bench.postgresUrl, schema);
  }
}

/** One raw run (also the raw limit of the intake row): a fresh table, the INSERTs, the table dropped. */
export async function rawOnce(bench: Bench, schema: string, batches: EventToAppend[][], writers: number): Promise<Measurement> {
  const pool = new pg.Pool({ connectionString: bench.postgresUrl, max: writers });
  await pool.query(rawSchemaSql(schema));
  const size = batches[0]!.length;
  const rows = Array.from({ length: size }, (_, i) => `(${Array.from({ length: 11 }, (_, c) => `$${i * 11 + c + 1}`).join(', ')})`);
  const text = `INSERT INTO "${schema}".events (event_id, stream_id, revision, type, schema_version, data, occurred_at, correlation_id, causation_id, actor, traceparent)
    SELECT v.column1::uuid, v.column2, v.column3::bigint, v.column4, v.column5::integer, v.column6::jsonb, v.column7, v.column8, v.column9, v.column10::jsonb, v.column11
    FROM (VALUES ${rows.join(', ')}) AS v RETURNING global_position`;
  try {
    await Promise.all(Array.from({ length: writers }, () => pool.query('SELECT 1')));
    const ms = await timed(() =>
      byWriter(batches, writers, async (batch, last) => {
        const values = batch.flatMap((event, i) => [
          event.id, event.streamId, last + 1 + i, event.type, event.schemaVersion, JSON.stringify(event.data),
          event.occurredAt, event.correlationId, event.causationId, JSON.stringify(event.actor), event.traceparent,
        ]);
        await pool.query({ name: `raw-insert-${schema}`, text, values });
      }).then(() => undefined),
    );
    return { events: batches.flat().length, ms };
  } finally {
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await pool.end();
  }
}

/** The store's table (docs/event-store.md): same columns, keys and unique indexes; positions from a sequence. */
function rawSchemaSql(schema: string): string {
  return `CREATE SCHEMA "${schema}";
CREATE SEQUENCE "${schema}".global_position AS bigint START 1;
CREATE TABLE "${schema}".events (
  global_position bigint PRIMARY KEY DEFAULT nextval('"${schema}".global_position'),
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL UNIQUE,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  occurred_at text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  correlation_id text NOT NULL,
  causation_id text,
  actor jsonb NOT NULL,
  traceparent text,
  UNIQUE (stream_id, revision)
);`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
}
