import { createHash } from 'node:crypto';
import { openProtectedStores } from '@ctp/event-store';
import { appendHistory } from '@ctp/intake/append-history';
import { generateHistory } from '@ctp/synthetic-data';
import pg from 'pg';

/** A synthetic history stored once in a schema of its own and kept across runs (`bench:clean` drops it). */
export interface TieringHistory {
  readonly schema: string;
  readonly seed: string;
  /** People simulated; about 2 % more ids are registered (duplicates, merged later). */
  readonly customers: number;
  /** First day of the history and the day after its last, YYYY-MM-DD. */
  readonly from: string;
  readonly to: string;
  /** Not a secret: it wraps the data keys of synthetic customers only, and must be the same in every run. */
  readonly masterKey: string;
  readonly facts: number;
  readonly events: number;
  readonly loadedAt: string;
  readonly loadSeconds: number;
  /** False when this run found the schema loaded and reused it. */
  readonly loadedNow: boolean;
}

/** Bumped when the loader stores anything differently, so older schemas are loaded again. */
const loaderVersion = 'ctp-bench-tiering-history/1';

type Marker = Pick<TieringHistory, 'seed' | 'customers' | 'from' | 'to' | 'facts' | 'events' | 'loadedAt' | 'loadSeconds'> & { readonly loader: string };

/** The 24 months before the first day of the current month (UTC), unless BENCH_TIERING_TO names another end. */
export function historyWindow(today = new Date(), to = process.env.BENCH_TIERING_TO): { from: string; to: string } {
  const end = to ? new Date(`${to}T00:00:00Z`) : new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  if (Number.isNaN(end.getTime())) throw new Error(`BENCH_TIERING_TO must be a date YYYY-MM-DD, got ${to}`);
  const start = new Date(Date.UTC(end.getUTCFullYear() - 2, end.getUTCMonth(), end.getUTCDate()));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

const quote = (schema: string) => `"${schema.replaceAll('"', '""')}"`;

/**
 * The schema `bench_tiering_<customers>` holding the seeded synthetic history of `customers` people
 * over `historyWindow()`, stored as intake stores it (appendHistory from @ctp/intake). Reused when
 * its marker (a comment on the schema, written once the load is complete) matches; otherwise
 * dropped and loaded again, which is not timed as part of any row.
 */
export async function ensureTieringHistory(postgresUrl: string, options: { customers: number; seed: string; log: (line: string) => void }): Promise<TieringHistory> {
  const { customers, seed, log } = options;
  const schema = `bench_tiering_${customers}`;
  const window = historyWindow();
  const masterKey = createHash('sha256').update(`ctp-bench-tiering-history|${seed}`).digest('base64');
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    const found = await markerOf(admin, schema);
    if (found && found.loader === loaderVersion && found.seed === seed && found.customers === customers && found.from === window.from && found.to === window.to) {
      log(`tiering history: reusing ${schema} (${found.facts.toLocaleString('en-US')} facts, loaded ${found.loadedAt} in ${found.loadSeconds} s)`);
      return { schema, masterKey, ...found, loadedNow: false };
    }
    log(`tiering history: loading ${customers.toLocaleString('en-US')} customers (seed ${seed}, ${window.from} to ${window.to}) into ${schema}${found ? ' (its marker differs)' : ''}`);
    await admin.query(`DROP SCHEMA IF EXISTS ${quote(schema)} CASCADE`);
    const started = performance.now();
    const stores = await openProtectedStores({ eventStoreUrl: postgresUrl, schema, masterKey });
    let loaded;
    try {
      loaded = await appendHistory(
        { store: stores.store, erase: (customerId) => stores.keyring.destroyKey(customerId) },
        generateHistory({ seed, customers, ...window, factsAfterMerge: false }),
        {
          context: { actor: { kind: 'api-key', id: 'bench-loader', role: 'integrator' }, correlationId: `bench-tiering-${seed}`, traceparent: null },
          onFlush: ({ facts, events }) => log(`tiering history: ${facts.toLocaleString('en-US')} facts stored (${events.toLocaleString('en-US')} events), ${Math.round((performance.now() - started) / 1000)} s`),
        },
      );
    } finally {
      await stores.close();
    }
    await admin.query(`VACUUM (ANALYZE) ${quote(schema)}.events`);
    const marker: Marker = {
      loader: loaderVersion,
      seed,
      customers,
      ...window,
      facts: loaded.facts,
      events: loaded.events,
      loadedAt: new Date().toISOString(),
      loadSeconds: Math.round((performance.now() - started) / 1000),
    };
    await admin.query(`COMMENT ON SCHEMA ${quote(schema)} IS ${pg.escapeLiteral(JSON.stringify(marker))}`);
    log(`tiering history: loaded ${loaded.facts.toLocaleString('en-US')} facts as ${loaded.events.toLocaleString('en-US')} events in ${loaded.appends.toLocaleString('en-US')} appends, ${marker.loadSeconds} s`);
    return { schema, masterKey, ...marker, loadedNow: true };
  } finally {
    await admin.end();
  }
}

async function markerOf(admin: pg.Client, schema: string): Promise<Marker | null> {
  const { rows } = await admin.query<{ comment: string | null }>('SELECT obj_description(oid, $2) AS comment FROM pg_namespace WHERE nspname = $1', [schema, 'pg_namespace']);
  const comment = rows[0]?.comment;
  if (!comment) return null;
  try {
    return JSON.parse(comment) as Marker;
  } catch {
    return null;
  }
}

/**
 * Back to the facts alone: drops what tiering wrote into the schema (tier and policy streams, its
 * timers), so every run starts from the same state.
 */
export async function resetTieringSchema(postgresUrl: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`DELETE FROM ${quote(schema)}.events WHERE stream_id NOT LIKE 'customer-%'`);
    await admin.query(`DROP TABLE IF EXISTS ${quote(schema)}.tiering_timers`);
    await admin.query(`VACUUM (ANALYZE) ${quote(schema)}.events`);
  } finally {
    await admin.end();
  }
}
