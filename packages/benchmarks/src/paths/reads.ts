import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { physicalName } from '@ctp/projections';
import { freePort, startService, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import type { Db } from 'mongodb';
import type { Bench } from '../env.js';
import { summarizeLatency, timed, withTimeout, type LatencySummary } from '../stats.js';
import { dropSchema } from './append.js';

export interface ReadsOptions {
  /** Customers in the read models (the size: 100,000). */
  readonly customers: number;
  /** Timed calls per route, after a warm-up of 5. */
  readonly calls: number;
  readonly log: (line: string) => void;
}

export interface ReadRoute {
  readonly service: 'intake' | 'tiering';
  readonly route: string;
  /** null: the first call had no answer within `callLimitMs`. */
  readonly latency: LatencySummary | null;
  readonly calls: number;
}

export interface ReadsResult {
  readonly routes: readonly ReadRoute[];
  readonly fillSeconds: { readonly intakeFacts: number; readonly summaries: number; readonly tiers: number };
}

const tiers = ['key_account', 'gold', 'silver', 'standard'] as const;
const idOf = (index: number) => `R-${String(index).padStart(7, '0')}`;
/** A route slower than this per call is called fewer times, so one slow route cannot hold the row for long. */
const slowCallMs = 2_000;
const slowCalls = 3;
/** A call not answered by then is abandoned and the route reported as over it (fetch itself gives up at 300 s). */
export const callLimitMs = 240_000;

/**
 * The read routes an analyst calls most, timed one call after another against the built services
 * whose read models hold `customers` customers. Intake's customers are registered through
 * POST /v1/events (its lookup reads their streams), and its summaries and tiering's tier documents
 * are written with raw insertMany in the shape their projections write (no relay or projection
 * would fill 100,000 documents on this machine in the time). Nothing else runs meanwhile.
 */
export async function readsBenchmark(bench: Bench, options: ReadsOptions): Promise<ReadsResult> {
  const keysDir = await mkdtemp(join(tmpdir(), `${bench.runId}-reads-`));
  const name = `${bench.runId}_reads`;
  const processes: ServiceProcess[] = [];
  const start = async (service: 'intake' | 'tiering') => {
    const process = startService(service, await freePort(), {
      NODE_ENV: 'development',
      EVENT_STORE_URL: bench.postgresUrl,
      EVENT_STORE_SCHEMA: `${name}_${service}`,
      KAFKA_BROKERS: bench.kafkaBrokers,
      MONGO_URL: bench.mongoUrl,
      MONGO_DATABASE: `${name}_${service}`,
      TOPIC_PREFIX: `${name}_${service}`,
      API_KEYS_FILE: join(keysDir, 'api-keys.json'),
      DATA_MASTER_KEY_FILE: join(keysDir, 'data-master-key'),
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    processes.push(process);
    await waitUntilReady(process);
    return process;
  };
  try {
    const intake = await start('intake');
    const keys = JSON.parse(await readFile(join(keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    options.log(`registering ${options.customers.toLocaleString('en-US')} customers through intake`);
    const intakeFacts = await timed(() => registerCustomers(intake, keys.integrator!, options.customers));
    const summaries = await timed(() => fillSummaries(bench.mongo.db(`${name}_intake`), options.customers));
    const tiering = await start('tiering');
    options.log(`filling the tier read model with ${options.customers.toLocaleString('en-US')} documents`);
    const tierFill = await timed(async () => {
      await fillTiers(bench.mongo.db(`${name}_tiering`), options.customers);
      await fillTierCounts(bench.mongo.db(`${name}_tiering`), options.customers);
      await fillMovements(bench.mongo.db(`${name}_tiering`), options.customers);
    });
    const analyst = keys.analyst!;
    const someone = () => idOf(1 + Math.floor(Math.random() * options.customers));
    const routes: ReadRoute[] = [];
    const measure = async (service: ReadRoute['service'], process: ServiceProcess, route: string, path: () => string) => {
      options.log(`timing ${route}`);
      routes.push({ service, route, ...(await timeCalls(process, analyst, path, options.calls)) });
    };
    await measure('tiering', tiering, 'GET /v1/tiers/distribution', () => '/v1/tiers/distribution');
    await measure('tiering', tiering, 'GET /v1/customers/{id}/tier', () => `/v1/customers/${someone()}/tier`);
    await measure('intake', intake, 'GET /v1/customers/{id}', () => `/v1/customers/${someone()}?purpose=service`);
    await measure('intake', intake, 'GET /v1/customers/{id}/timeline', () => `/v1/customers/${someone()}/timeline?purpose=service`);
    await measure('tiering', tiering, 'GET /v1/tiers/movements (one month)', () => '/v1/tiers/movements?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z&limit=200');
    return { routes, fillSeconds: { intakeFacts: intakeFacts / 1000, summaries: summaries / 1000, tiers: tierFill / 1000 } };
  } finally {
    for (const process of processes) await withTimeout(process.stop('SIGTERM'), 20_000, 'a service stopping').catch(() => process.stop('SIGKILL'));
    for (const service of ['intake', 'tiering']) await dropSchema(bench.postgresUrl, `${name}_${service}`);
    await rm(keysDir, { recursive: true, force: true });
  }
}

async function timeCalls(process: ServiceProcess, key: string, path: () => string, calls: number): Promise<{ latency: LatencySummary | null; calls: number }> {
  const call = async () => {
    const started = performance.now();
    const response = await fetch(`${process.baseUrl}${path()}`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(callLimitMs) });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path()} answered ${response.status}: ${body.slice(0, 400)}`);
    return performance.now() - started;
  };
  let warmUp: number;
  try {
    warmUp = await call();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') return { latency: null, calls: 1 };
    throw error;
  }
  const planned = warmUp > slowCallMs ? slowCalls : calls;
  if (planned === calls) for (let i = 0; i < 4; i += 1) await call();
  const times: number[] = [];
  for (let i = 0; i < planned; i += 1) times.push(await call());
  return { latency: summarizeLatency(times), calls: planned };
}

/** One registration per customer, 500 per request from 4 clients, as an integrator's bulk load sends them. */
async function registerCustomers(intake: ServiceProcess, key: string, customers: number): Promise<void> {
  const batches: number[][] = [];
  for (let first = 1; first <= customers; first += 500) batches.push(Array.from({ length: Math.min(500, customers - first + 1) }, (_, i) => first + i));
  let next = 0;
  const client = async () => {
    for (let batch = batches[next++]; batch; batch = batches[next++]) {
      const events = batch.map((index) => ({
        id: randomUUID(),
        type: 'CustomerRegistered',
        customerId: idOf(index),
        occurredAt: '2025-01-05T09:00:00+08:00',
        data: {
          kind: 'person', name: `Customer ${index}`, email: `c${index}@example.com`, phone: '+8613800138000',
          address: { line1: `${index} Nanjing Road`, city: 'Shanghai', region: 'Shanghai', country: 'CN' },
          customerSince: '2024-05-01', source: { system: 'crm', externalId: `CRM-${index}` },
          serviceConsent: { method: 'web_form', reference: `form-${index}`, noticeVersion: '2026-01' },
        },
      }));
      const response = await fetch(`${intake.baseUrl}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      if (response.status !== 202) throw new Error(`intake answered ${response.status}: ${(await response.text()).slice(0, 400)}`);
      await response.text();
    }
  };
  await Promise.all(Array.from({ length: 4 }, client));
}

async function insertInChunks(db: Db, collection: string, customers: number, document: (index: number) => Record<string, unknown>): Promise<void> {
  const target = db.collection(physicalName(collection, 1));
  for (let first = 1; first <= customers; first += 1_000) {
    await target.insertMany(Array.from({ length: Math.min(1_000, customers - first + 1) }, (_, i) => document(first + i)) as never[], { ordered: false });
  }
}

const position = (index: number) => String(index).padStart(20, '0');

/** intake's customer summaries, as its projection writes them after a registration and a few purchases. */
function fillSummaries(db: Db, customers: number): Promise<void> {
  return insertInChunks(db, 'customers', customers, (index) => ({
    _id: idOf(index), customerId: idOf(index), registered: true, registeredAt: new Date(Date.UTC(2025, 0, 5)),
    purchases: index % 7, spendMinor: { CNY: (index % 7) * 12_950 }, refunds: 0, interactions: index % 3, channels: ['online'],
    consent: { service: { granted: true, at: new Date(Date.UTC(2025, 0, 5)) } }, lastPurchaseAt: new Date(Date.UTC(2026, 0, 1 + (index % 28))),
    lastEvent: { id: randomUUID(), type: 'PurchaseRecorded', position: String(index), traceparent: null }, _position: position(index),
  }));
}

/** tiering's tier documents: tiers spread 1:2:3:4, one in 50 overridden, one in 100 withdrawn (merged). */
function fillTiers(db: Db, customers: number): Promise<void> {
  return insertInChunks(db, 'tiers', customers, tierDocument);
}

/**
 * The counts document tiering's tier count follower keeps (services/tiering/src/distribution/tier-count-follower.ts:
 * collection `tierCounts`, id `tier-counts-v1`), counted from the same tier documents.
 */
async function fillTierCounts(db: Db, customers: number): Promise<void> {
  const served: Record<string, number> = {};
  const computed: Record<string, number> = {};
  let overridden = 0;
  for (let index = 1; index <= customers; index += 1) {
    const { computedTier, override } = tierDocument(index);
    if (computedTier) computed[computedTier] = (computed[computedTier] ?? 0) + 1;
    const tier = override?.tier ?? computedTier;
    if (tier) served[tier] = (served[tier] ?? 0) + 1;
    if (override) overridden += 1;
  }
  await db.collection<{ _id: string; [field: string]: unknown }>('tierCounts').insertOne({ _id: 'tier-counts-v1', served, computed, overridden, position: '0', countedAt: new Date() });
}

/** One movement per customer (its assignment), spread over the 24 months to November 2026, as the tier projection writes them. */
function fillMovements(db: Db, customers: number): Promise<void> {
  return insertInChunks(db, 'tierMovements', customers, (index) => {
    const { computedTier } = tierDocument(index);
    return {
      _id: randomUUID(), customerId: idOf(index), at: new Date(Date.UTC(2024, 11 + (index % 24), 1 + (index % 28))), from: null, to: computedTier ?? 'standard',
      direction: 'assigned', rule: 'initial_assignment', score: 0.5, policyVersion: 1, _position: position(index),
    };
  });
}

/** Customer `index`'s tier document, as tiering's tier projection writes it. */
function tierDocument(index: number) {
  const thresholds = tiers.map((tier, rank) => ({ tier, minScore: [0.8, 0.6, 0.4, 0][rank]! }));
  const tier = tiers[[0, 1, 1, 2, 2, 2, 3, 3, 3, 3][index % 10]!]!;
  const withdrawn = index % 100 === 99;
  return {
    _id: idOf(index), customerId: idOf(index),
    computedTier: withdrawn ? null : tier, computedSince: new Date(Date.UTC(2026, 10, 1)),
    explanation: {
      score: 0.5, rule: 'score', currency: 'CNY', snapshotDate: '2026-11-01', policyId: 'default', policyVersion: 1, thresholds,
      components: [
        { component: 'monetary', value: '5234.50', normalised: 0.6, weight: 0.5 },
        { component: 'frequency', value: '7', normalised: 0.5, weight: 0.3 },
        { component: 'recency', value: '40', normalised: 0.3, weight: 0.2 },
      ],
    },
    pendingDowngrade: null,
    override: !withdrawn && index % 50 === 0 ? { overrideId: `O-${index}`, tier: 'key_account', reasonCode: 'strategic', expiresAt: '2027-06-01T00:00:00Z', overriddenBy: { kind: 'api-key', id: 'key-admin', role: 'admin' }, since: new Date(Date.UTC(2026, 10, 2)) } : null,
    ...(withdrawn ? { withdrawn: { reason: 'merged', mergedInto: idOf(index - 1), at: new Date(Date.UTC(2026, 10, 3)) } } : {}),
    lastEvent: { id: randomUUID(), type: 'TierAssigned', position: String(index) }, _position: position(index),
  };
}
