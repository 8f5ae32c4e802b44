import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repositoryRoot, startService, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import pg from 'pg';
import type { Bench } from '../env.js';
import { sleep, timed, withTimeout } from '../stats.js';
import { ensureTieringHistory, resetTieringSchema, type TieringHistory } from '../tiering-history.js';

export interface TieringOptions {
  readonly customers: number;
  readonly seed: string;
  readonly repeats: number;
  readonly log: (line: string) => void;
}

/** One rollout: from the PUT to its timer recorded fired. */
export interface Rollout {
  readonly seconds: number;
  readonly policyVersion: number;
  /** Tier events the rollout appended (caused by its timer). */
  readonly decisions: number;
  readonly decisionTypes: Readonly<Record<string, number>>;
}

export interface TieringRepeat {
  /** The dry run, request to answer, and what the service says it took inside. */
  readonly dryRunSeconds: number;
  readonly dryRunServerSeconds: number;
  readonly rawSeconds: number;
  readonly rawEvents: number;
  /** Customers the dry run assessed. */
  readonly customers: number;
  readonly distributionAfter: Readonly<Record<string, number>>;
  readonly initial: Rollout;
  readonly rescoring: Rollout;
  readonly startSeconds: number;
}

export interface TieringResult {
  readonly history: TieringHistory;
  readonly repeats: readonly TieringRepeat[];
  /** When services/tiering/dist/main.js was written. */
  readonly builtAt: string;
}

const rolloutTimeoutMs = 15 * 60_000;

/**
 * The tiering service on a stored synthetic history: per repeat a clean schema (facts only) and a
 * fresh tiering process; then the dry run of a percentile policy as of the history's last day and
 * the raw read, in alternating order; then a first rollout that assigns every customer a tier,
 * and the timed re-scoring: a second version whose rollout reassesses every customer.
 */
export async function tieringBenchmark(bench: Bench, options: TieringOptions): Promise<TieringResult> {
  const history = await ensureTieringHistory(bench.postgresUrl, options);
  const expected = await customersToTier(bench.postgresUrl, history.schema);
  const keysDir = await mkdtemp(join(tmpdir(), `${bench.runId}-tiering-`));
  const repeats: TieringRepeat[] = [];
  try {
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      await resetTieringSchema(bench.postgresUrl, history.schema);
      const measured = await oneRepeat(bench, history, keysDir, repeat, options.log);
      if (measured.customers !== expected) throw new Error(`the dry run assessed ${measured.customers} customers; the history has ${expected} to tier`);
      repeats.push(measured);
    }
  } finally {
    await resetTieringSchema(bench.postgresUrl, history.schema).catch((error: unknown) => options.log(`tiering: reset failed: ${String(error)}`));
    await rm(keysDir, { recursive: true, force: true });
  }
  const builtAt = (await stat(join(repositoryRoot, 'services/tiering/dist/main.js'))).mtime.toISOString();
  return { history, repeats, builtAt };
}

async function oneRepeat(bench: Bench, history: TieringHistory, keysDir: string, repeat: number, log: (line: string) => void): Promise<TieringRepeat> {
  const name = `${bench.runId}_tiering_${repeat}`;
  const started = performance.now();
  const tiering = startService('tiering', await freePort(), {
    NODE_ENV: 'development',
    EVENT_STORE_URL: bench.postgresUrl,
    EVENT_STORE_SCHEMA: history.schema,
    KAFKA_BROKERS: bench.kafkaBrokers,
    MONGO_URL: bench.mongoUrl,
    MONGO_DATABASE: name,
    TOPIC_PREFIX: name,
    API_KEYS_FILE: join(keysDir, 'api-keys.json'),
    DATA_MASTER_KEY: history.masterKey,
    TIMER_POLL_MS: '100',
  });
  const client = new pg.Client({ connectionString: bench.postgresUrl });
  await client.connect();
  try {
    await waitUntilReady(tiering);
    const startSeconds = (performance.now() - started) / 1000;
    const admin = (JSON.parse(await readFile(join(keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>).admin!;
    const call = callerOf(tiering, admin);
    const inForce = (await call('GET', '/v1/tier-policy')) as { policy: PolicyDocument };
    const proposed = asPercentile(documentOf(inForce.policy));

    const lastDay = new Date(Date.parse(`${history.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    let answer!: DryRunAnswer;
    const dryRun = async () => {
      answer = (await call('POST', '/v1/tier-policy/dry-run', { policy: proposed, asOf: lastDay })) as DryRunAnswer;
    };
    let rawEvents = 0;
    const raw = async () => {
      rawEvents = await rawRead(client, history.schema);
    };
    let [dryRunMs, rawMs] = [0, 0];
    const steps = [async () => (dryRunMs = await timed(dryRun)), async () => (rawMs = await timed(raw))];
    for (const step of repeat % 2 === 0 ? steps : steps.reverse()) await step();
    log(`tiering repeat ${repeat + 1}: dry run ${(dryRunMs / 1000).toFixed(1)} s over ${answer.total} customers, raw read ${(rawMs / 1000).toFixed(1)} s (${rawEvents} events)`);

    const published = (policy: PolicyDocument, expectedVersion: number) => rollout(client, history.schema, () => call('PUT', '/v1/tier-policy', { policy, expectedVersion }) as Promise<Published>, tiering);
    const initial = await published({ ...proposed, effectiveFrom: new Date(Date.now() - 60_000).toISOString() }, 1);
    log(`tiering repeat ${repeat + 1}: first rollout (v${initial.policyVersion}) ${initial.seconds.toFixed(1)} s, ${JSON.stringify(initial.decisionTypes)}`);
    const rescoring = await published(lowered(documentOf(initial.published.policy)), initial.policyVersion);
    log(`tiering repeat ${repeat + 1}: re-scoring (v${rescoring.policyVersion}) ${rescoring.seconds.toFixed(1)} s, ${JSON.stringify(rescoring.decisionTypes)}`);
    return {
      dryRunSeconds: dryRunMs / 1000,
      dryRunServerSeconds: answer.elapsedMs / 1000,
      rawSeconds: rawMs / 1000,
      rawEvents,
      customers: answer.total,
      distributionAfter: answer.distributionAfter,
      initial: withoutAnswer(initial),
      rescoring: withoutAnswer(rescoring),
      startSeconds,
    };
  } finally {
    await client.end();
    await withTimeout(tiering.stop('SIGTERM'), 20_000, 'tiering stopping').catch(() => tiering.stop('SIGKILL'));
  }
}

type PolicyDocument = Record<string, unknown> & { tiers: { minScore: number }[]; components: { normalisation: unknown }[] };
type Published = { policyVersion: number; policy: PolicyDocument };
type DryRunAnswer = { total: number; elapsedMs: number; distributionAfter: Record<string, number> };

const documentOf = ({ policyId: _id, policyVersion: _version, ...document }: PolicyDocument) => document as PolicyDocument;
/** The policy with every component normalised by quintiles, so the dry run calibrates on the active base. */
const asPercentile = (document: PolicyDocument): PolicyDocument => {
  const { calibration: _calibration, ...rest } = document;
  return { ...rest, components: document.components.map((component) => ({ ...component, normalisation: { method: 'percentile', buckets: 5 } })) } as PolicyDocument;
};
/** Every tier 0.1 easier to reach (the lowest stays at 0): a re-scoring with upgrades to apply. */
const lowered = (document: PolicyDocument): PolicyDocument => ({
  ...document,
  tiers: document.tiers.map((tier, i, all) => ({ ...tier, minScore: i === all.length - 1 ? 0 : Math.round((tier.minScore - 0.1) * 100) / 100 })),
});
const withoutAnswer = ({ published: _published, ...rest }: Rollout & { published: Published }): Rollout => rest;

function callerOf(service: ServiceProcess, key: string) {
  return async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10 * 60_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`tiering answered ${method} ${path} with ${response.status}: ${text.slice(0, 600)}\n${service.output().slice(-2000)}`);
    return JSON.parse(text) as unknown;
  };
}

/** PUTs a version and waits for its rollout timer to be recorded fired: the time from the PUT to that. */
async function rollout(client: pg.Client, schema: string, put: () => Promise<Published>, tiering: ServiceProcess): Promise<Rollout & { published: Published }> {
  const putAt = Date.now();
  const published = await put();
  const id = `tier-policy-rollout:default:${published.policyVersion}`;
  const timers = `"${schema}".tiering_timers`;
  // No relay runs, so tiering's reactor never sees the published version: schedule its rollout as the reactor would (both versions are in force at once).
  await client.query(`INSERT INTO ${timers} (id, kind, payload, due_at, available_at, created_at) VALUES ($1, 'tier-policy-rollout', $2::jsonb, now(), now(), now()) ON CONFLICT (id) DO NOTHING`, [id, JSON.stringify({ policyVersion: published.policyVersion })]);
  const deadline = Date.now() + rolloutTimeoutMs;
  for (;;) {
    const { rows } = await client.query<{ state: string; settled_at: Date | null; attempts: number; last_error: string | null }>(`SELECT state, settled_at, attempts, last_error FROM ${timers} WHERE id = $1`, [id]);
    const timer = rows[0];
    if (timer?.state === 'fired') {
      if (timer.attempts !== 1) throw new Error(`rollout ${id} fired after ${timer.attempts} attempts (${timer.last_error ?? 'no error kept'}): not a clean measurement`);
      const { rows: decisions } = await client.query<{ type: string; count: string }>(`SELECT type, count(*) AS count FROM "${schema}".events WHERE causation_id = $1 GROUP BY type ORDER BY type`, [id]);
      const decisionTypes = Object.fromEntries(decisions.map(({ type, count }) => [type, Number(count)]));
      const total = Object.values(decisionTypes).reduce((sum, count) => sum + count, 0);
      return { seconds: (timer.settled_at!.getTime() - putAt) / 1000, policyVersion: published.policyVersion, decisions: total, decisionTypes, published };
    }
    if (timer?.last_error) throw new Error(`rollout ${id} failed: ${timer.last_error}\n${tiering.output().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`rollout ${id} not fired within ${rolloutTimeoutMs / 60_000} min\n${tiering.output().slice(-2000)}`);
    await sleep(100);
  }
}

/** Registered customer ids neither merged into another nor erased: whom tiering tiers. */
async function customersToTier(postgresUrl: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) AS count FROM "${schema}".events e WHERE e.type = 'CustomerRegistered'
         AND NOT EXISTS (SELECT 1 FROM "${schema}".events x WHERE x.stream_id = e.stream_id AND x.type IN ('CustomerMergedInto', 'CustomerErasureRequested'))`,
    );
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

/**
 * The raw limit: a plain SQL read of every event of the customer streams, in pages of 5,000 (the
 * dry run's page) by global position, of the columns a history is folded from.
 */
export async function rawRead(client: pg.Client, schema: string, pageSize = 5_000): Promise<number> {
  let events = 0;
  for (let after = '0'; ; ) {
    const { rows } = await client.query<{ position: string }>(
      `SELECT global_position::text AS position, stream_id, type, schema_version, data, occurred_at FROM "${schema}".events
       WHERE global_position > $1 AND stream_id LIKE 'customer-%' ORDER BY global_position LIMIT $2`,
      [after, pageSize],
    );
    events += rows.length;
    if (rows.length < pageSize) return events;
    after = rows[rows.length - 1]!.position;
  }
}
