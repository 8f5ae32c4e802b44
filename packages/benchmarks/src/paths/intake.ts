import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fact } from '@ctp/synthetic-data';
import { freePort, repositoryRoot, startService, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import type { Bench } from '../env.js';
import { purchaseBatches } from '../events.js';
import { checkOrder, intakeFacts, partitionByCustomer } from '../intake-facts.js';
import { sideBySideGrid, timed, withTimeout, type Measurement, type Throughput } from '../stats.js';
import { dropSchema, rawOnce } from './append.js';

export interface IntakeCell {
  /** Facts per POST /v1/events (1 to 500). */
  readonly batchSize: number;
  /** Concurrent clients, each with one request in flight. */
  readonly clients: number;
}

export interface IntakeOptions {
  readonly facts: number;
  readonly cells: readonly IntakeCell[];
  readonly repeats: number;
  /** Writers of the raw limit: the append row's 8. */
  readonly rawWriters: number;
}

export interface IntakeResult {
  /** When services/intake/dist/main.js was written: intake changes often, so the row says which build it measured. */
  readonly builtAt: string;
  readonly cells: readonly { readonly cell: IntakeCell; readonly throughput: Throughput }[];
  readonly raw: Throughput;
  /** Seconds from spawning intake to its /ready, per start. */
  readonly startSeconds: readonly number[];
}

/** Facts sent to each fresh intake before the clock starts, so its code is warm: from another seed, so new customers. */
const warmUpFacts = 2_000;

/**
 * Sustained HTTP intake: the built intake service as a child process (as the tests start it), a
 * fresh process with its own event-store schema, topic prefix and Mongo database for every run,
 * then the same synthetic facts POSTed in batches of B by C keep-alive clients (node's fetch),
 * timed from the first request to the last answer; every fact must come back accepted. Raw
 * limit: the append row's, 1-event INSERT ... RETURNING round trips from 8 writers. Repeats
 * alternate as everywhere: all cells then raw, raw then the cells in reverse, and so on.
 */
export async function intakeBenchmark(bench: Bench, options: IntakeOptions): Promise<IntakeResult> {
  const facts = intakeFacts(options.facts, 'bench-intake');
  const warmUp = intakeFacts(warmUpFacts, 'bench-intake-warm-up');
  checkOrder(facts);
  checkOrder(warmUp);
  const keysDir = await mkdtemp(join(tmpdir(), `${bench.runId}-intake-`));
  const startSeconds: number[] = [];
  let run = 0;
  const fresh = () => `${bench.runId}_intake_${run++}`;

  const oursOnce = async (cell: IntakeCell): Promise<Measurement> => {
    const schema = fresh();
    const started = performance.now();
    const intake = startService('intake', await freePort(), {
      NODE_ENV: 'development',
      EVENT_STORE_URL: bench.postgresUrl,
      EVENT_STORE_SCHEMA: schema,
      KAFKA_BROKERS: bench.kafkaBrokers,
      MONGO_URL: bench.mongoUrl,
      MONGO_DATABASE: schema,
      TOPIC_PREFIX: schema,
      API_KEYS_FILE: join(keysDir, 'api-keys.json'),
      DATA_MASTER_KEY_FILE: join(keysDir, 'data-master-key'),
      /** The default 1,200 requests/min per key would throttle B = 100 at about 2,000 facts/s. */
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    try {
      await waitUntilReady(intake);
      startSeconds.push((performance.now() - started) / 1000);
      const devKeys = JSON.parse(await readFile(join(keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
      // Erasure requests need the privacy role's key; the other facts the integrator's.
      const key = { integrator: devKeys.integrator!, privacy: devKeys.privacy! };
      await sendAll(intake, key, requestBodies(warmUp, cell));
      const bodies = requestBodies(facts, cell);
      let accepted = 0;
      const ms = await timed(async () => {
        accepted = await sendAll(intake, key, bodies);
      });
      if (accepted !== facts.length) throw new Error(`intake accepted ${accepted} of ${facts.length} facts (the rest came back as duplicates)`);
      return { events: facts.length, ms };
    } finally {
      await stop(intake);
      await dropSchema(bench.postgresUrl, schema);
    }
  };
  const rawEvents = () => purchaseBatches(options.facts, 1);

  try {
    await rawOnce(bench, fresh(), purchaseBatches(1_000, 1), options.rawWriters); // warm-up; ours warm up in each process
    const result = await sideBySideGrid(
      options.repeats,
      options.cells.map((cell) => () => oursOnce(cell)),
      () => rawOnce(bench, fresh(), rawEvents(), options.rawWriters),
    );
    const builtAt = (await stat(join(repositoryRoot, 'services/intake/dist/main.js'))).mtime.toISOString();
    return { builtAt, cells: options.cells.map((cell, index) => ({ cell, throughput: result.ours[index]! })), raw: result.raw, startSeconds };
  } finally {
    await rm(keysDir, { recursive: true, force: true });
  }
}

interface RequestBody {
  readonly body: string;
  /** Erasure requests, sent with the privacy role's key after the batch's other facts. */
  readonly erasures: boolean;
}

/** One JSON body per request, per client: built before the clock starts. */
function requestBodies(facts: readonly Fact[], { batchSize, clients }: IntakeCell): RequestBody[][] {
  return partitionByCustomer(facts, clients).map((share) => {
    const bodies: RequestBody[] = [];
    for (let i = 0; i < share.length; i += batchSize) {
      const batch = share.slice(i, i + batchSize);
      for (const erasures of [false, true]) {
        const events = batch.filter((fact) => (fact.type === 'CustomerErasureRequested') === erasures);
        if (events.length > 0) bodies.push({ body: JSON.stringify({ events }), erasures });
      }
    }
    return bodies;
  });
}

/** Each client sends its bodies one after another; returns how many facts came back accepted. */
async function sendAll(intake: ServiceProcess, key: { readonly integrator: string; readonly privacy: string }, perClient: readonly (readonly RequestBody[])[]): Promise<number> {
  const counts = await Promise.all(
    perClient.map(async (bodies) => {
      let accepted = 0;
      for (const { body, erasures } of bodies) {
        const response = await fetch(`${intake.baseUrl}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${erasures ? key.privacy : key.integrator}`, 'content-type': 'application/json' },
          body,
        });
        const text = await response.text();
        if (response.status !== 202) {
          const errors = intake.output().split('\n').filter((line) => /"level":(50|60)/.test(line)).slice(-3);
          throw new Error(`intake answered ${response.status}: ${text.slice(0, 600)}${errors.length > 0 ? `\nintake's last errors:\n${errors.join('\n').slice(0, 3000)}` : ''}`);
        }
        accepted += (JSON.parse(text) as { events: { status: string }[] }).events.filter((event) => event.status === 'accepted').length;
      }
      return accepted;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function stop(intake: ServiceProcess): Promise<void> {
  await withTimeout(intake.stop('SIGTERM'), 20_000, 'intake stopping').catch(() => intake.stop('SIGKILL'));
}
