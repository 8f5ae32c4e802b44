import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tierMonthsCollection, tierMonthsHeadId } from '@ctp/analytics/read-bench';
import { openProtectedStores } from '@ctp/event-store';
import { physicalName } from '@ctp/projections';
import { gcPausesOf, pausesBetween, type GcPauses } from '../gc-pauses.js';
import { freePort, mebibytes, processMemoryOf, startService, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import type { Db } from 'mongodb';
import type { Bench } from '../env.js';
import { untilQuiet, type Settled } from '../quiet.js';
import { summarizeLatency, timed, until, withTimeout, type LatencySummary } from '../stats.js';
import { dropSchema } from './append.js';
import { fillMovements } from './reads-movements.js';
import { fillComplaints, fillFeedbackReadModels, fillImprovementActions, untilEffectsFollowed } from './reads-feedback.js';
import { measureAnalyticsCustomers, type ChurnCountSeconds } from './reads-analytics-customers.js';
import { measureAnalyticsFeedback } from './reads-analytics-feedback.js';
import { agentOf, caseIdOf, caseRulesOf, casesFor, fillCases, publishSlaDefaults } from './reads-sla.js';
import { fillTierStreams } from './reads-tier-history.js';
import { timeServiceLevelFigures } from './reads-analytics-service-levels.js';

export interface ReadsOptions {
  /** Customers in the read models (the size: 100,000). */
  readonly customers: number;
  /** Timed calls per route, after a warm-up of 5. */
  readonly calls: number;
  /** A route's timed calls stop once they took this many seconds, after at least one (the short form's bound). */
  readonly routeSeconds: number;
  /** How long a row waits for the machine as a whole to settle (0: only for the services). */
  readonly machineQuietSeconds: number;
  readonly log: (line: string) => void;
}

export interface ReadRoute {
  readonly service: Service;
  readonly route: string;
  /** null: the first call had no answer within `callLimitMs`. */
  readonly latency: LatencySummary | null;
  readonly calls: number;
  /** The machine's busy share over the last half second before the calls, and whether it was under the share waited for. */
  readonly machine: Settled;
  /** The answering process's garbage collection pauses while its calls ran. */
  readonly gcPauses: GcPauses;
}

export interface ReadsResult {
  readonly routes: readonly ReadRoute[];
  readonly fillSeconds: { readonly intakeFacts: number; readonly summaries: number; readonly tiers: number; readonly cases: number; readonly feedback: number; readonly tierStreams: number; readonly tierMonths: number; readonly serviceLevelMonths: number; readonly analyticsHistories: number; readonly churnCounts: ChurnCountSeconds };
  /** Each service process's resident memory once every row was timed (analytics' kept chunks and answers among it), and its peak. */
  readonly memory: readonly { readonly process: string; readonly rssMiB: number; readonly peakMiB: number }[];
}

type Service = 'intake' | 'tiering' | 'sla' | 'feedback' | 'analytics';
const services: readonly Service[] = ['intake', 'tiering', 'sla', 'feedback', 'analytics'];
const tiers = ['key_account', 'gold', 'silver', 'standard'] as const;
const idOf = (index: number) => `R-${String(index).padStart(7, '0')}`;
/** The machine's busy share a row waits to fall under (every process on both cores: the servers' own work after a fill among them). */
export const quietMachineShare = 0.3;
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
 * would fill 100,000 documents on this machine in the time). Nothing else runs meanwhile: each row waits until
 * every service has settled (quiet.ts), its followers done with the fill before it.
 */
export async function readsBenchmark(bench: Bench, options: ReadsOptions): Promise<ReadsResult> {
  const keysDir = await mkdtemp(join(tmpdir(), `${bench.runId}-reads-`));
  const name = `${bench.runId}_reads`;
  const processes: ServiceProcess[] = [];
  const labels = new Map<ServiceProcess, string>();
  const start = async (service: Service, settings: Record<string, string> = {}, label: string = service) => {
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
      ...settings,
    });
    processes.push(process);
    labels.set(process, label);
    await waitUntilReady(process);
    return process;
  };
  const stores: { close: () => Promise<void> }[] = [];
  const storeOf = async (service: Service) => {
    const opened = await openProtectedStores({ eventStoreUrl: bench.postgresUrl, schema: `${name}_${service}`, masterKey: (await readFile(join(keysDir, 'data-master-key'), 'utf8')).trim() });
    stores.push(opened);
    return opened.store;
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
      await fillMovements(bench.mongo.db(`${name}_tiering`), options.customers, idOf, (index) => tierDocument(index).computedTier ?? 'standard');
    });
    const cases = casesFor(options.customers);
    const customerOfCase = (caseIndex: number) => idOf(caseIndex * 5);
    options.log(`filling sla with ${cases.toLocaleString('en-US')} cases`);
    const slaStore = await storeOf('sla');
    await publishSlaDefaults(slaStore);
    const sla = await start('sla');
    const caseFill = await timed(() => fillCases(slaStore, bench.mongo.db(`${name}_sla`), customerOfCase, cases));
    const feedback = await start('feedback');
    options.log('filling feedback: complaints, contacts, surveys, follow-ups, improvement actions');
    let complaints: string[] = [];
    let actionIds: string[] = [];
    const feedbackFill = await timed(async () => {
      const feedbackStore = await storeOf('feedback');
      complaints = await fillComplaints(feedbackStore, customerOfCase, cases);
      const actions = await fillImprovementActions(feedbackStore, options.customers);
      actionIds = actions.actionIds;
      await fillFeedbackReadModels(bench.mongo.db(`${name}_feedback`), options.customers, idOf, (index) => tierDocument(index).computedTier ?? 'standard', customerOfCase, cases);
      await untilEffectsFollowed(bench.mongo.db(`${name}_feedback`), actions.end);
    });
    const analyst = keys.analyst!;
    const someone = () => idOf(1 + Math.floor(Math.random() * options.customers));
    const routes: ReadRoute[] = [];
    const measure = async (service: ReadRoute['service'], process: ServiceProcess, route: string, path: () => string, headers: Record<string, string> = {}) => {
      // Every service at rest: the fills' catch-up and a count set off by the row before run beside no call.
      const machine = await untilQuiet(processes.map(({ child }) => child.pid!), { machineShare: quietMachineShare, machineWaitMs: options.machineQuietSeconds * 1000 });
      options.log(`timing ${route}`);
      const pausesBefore = await gcPausesOf(process);
      const timed = await timeCalls(process, { authorization: `Bearer ${analyst}`, ...headers }, path, options.calls, options.routeSeconds * 1000);
      routes.push({ service, route, machine, ...timed, gcPauses: pausesBetween(pausesBefore, await gcPausesOf(process)) });
    };
    await measure('tiering', tiering, 'GET /v1/tiers/distribution', () => '/v1/tiers/distribution');
    await measure('tiering', tiering, 'GET /v1/customers/{id}/tier', () => `/v1/customers/${someone()}/tier`);
    await measure('intake', intake, 'GET /v1/customers/{id}', () => `/v1/customers/${someone()}?purpose=service`);
    await measure('intake', intake, 'GET /v1/customers/{id}/timeline', () => `/v1/customers/${someone()}/timeline?purpose=service`);
    await measure('tiering', tiering, 'GET /v1/tiers/movements (one month)', () => '/v1/tiers/movements?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z&limit=200');
    const someCase = () => caseIdOf(1 + Math.floor(Math.random() * cases));
    const someAgent = () => agentOf(Math.floor(Math.random() * 40));
    const month = 'from=2026-11-01&to=2026-11-30';
    await measure('sla', sla, 'GET /v1/cases/{id}', () => `/v1/cases/${someCase()}?purpose=service`);
    await measure('sla', sla, 'GET /v1/cases/{id}/sla', () => `/v1/cases/${someCase()}/sla`);
    await measure('sla', sla, 'GET /v1/cases/{id}/timeline', () => `/v1/cases/${someCase()}/timeline?purpose=service`);
    await measure('sla', sla, 'GET /v1/cases (first page)', () => '/v1/cases');
    await measure('sla', sla, "GET /v1/cases?agent&view=open (an agent's queue)", () => `/v1/cases?agent=${someAgent()}&view=open`);
    await measure('sla', sla, "GET /v1/cases?customerId (a customer's cases)", () => `/v1/cases?customerId=${customerOfCase(1 + Math.floor(Math.random() * cases))}`);
    await measure('sla', sla, 'GET /v1/sla/pauses (one month)', () => `/v1/sla/pauses?${month}`);
    await measure('feedback', feedback, 'GET /v1/complaints/{caseId}', () => `/v1/complaints/${complaints[Math.floor(Math.random() * complaints.length)]}`);
    await measure('feedback', feedback, 'GET /v1/root-causes', () => '/v1/root-causes');
    await measure('feedback', feedback, 'GET /v1/surveys/scores (one month)', () => `/v1/surveys/scores?${month}`);
    await measure('feedback', feedback, 'GET /v1/contacts/overdue (first page)', () => '/v1/contacts/overdue');
    await measure('feedback', feedback, 'GET /v1/contacts/overdue?team', () => `/v1/contacts/overdue?team=team-${Math.floor(Math.random() * 10)}`);
    await measure('feedback', feedback, 'GET /v1/contacts/coverage (one month)', () => `/v1/contacts/coverage?${month}`);
    await measure('feedback', feedback, 'GET /v1/follow-ups?owner', () => `/v1/follow-ups?owner=${someAgent()}`);
    await measure('feedback', feedback, 'GET /v1/follow-ups?status=overdue', () => '/v1/follow-ups?status=overdue');
    await measure('feedback', feedback, 'GET /v1/improvement-actions (first page)', () => '/v1/improvement-actions');
    await measure('feedback', feedback, 'GET /v1/improvement-actions?overdue=true', () => '/v1/improvement-actions?overdue=true');
    await measure('feedback', feedback, 'GET /v1/improvement-actions/{id}/effect (90 days)', () => `/v1/improvement-actions/${actionIds[Math.floor(Math.random() * actionIds.length)]}/effect?days=90`);
    options.log('appending every customer\'s tier stream to tiering\'s store');
    let tierStreamsEnd = '0';
    const tierStreams = await timed(async () => {
      tierStreamsEnd = await fillTierStreams(await storeOf('tiering'), options.customers, idOf, (index) => tierDocument(index).computedTier);
      await untilCounted(bench.mongo.db(`${name}_tiering`), tierStreamsEnd);
    });
    await measure('tiering', tiering, 'GET /v1/customers/{id}/tier/history', () => `/v1/customers/${someone()}/tier/history?purpose=service`);
    // analytics follows the same store as tiering (one store in a deployment); its tier figures come from its month documents.
    const analytics = await start('analytics', { EVENT_STORE_SCHEMA: `${name}_tiering`, DASHBOARD_WARM_SECONDS: '0' }, "analytics (tiering's store)");
    options.log('analytics following the tier streams into its tier months head');
    const tierMonths = await timed(() => untilTierMonthsFollowed(bench.mongo.db(`${name}_analytics`), tierStreamsEnd));
    // Counted, not the answer kept from the call before: the first request after any event is counted like this.
    const counted = { 'cache-control': 'no-cache' };
    await measure('analytics', analytics, 'GET /v1/analytics/tiers/distribution (12 months)', () => '/v1/analytics/tiers/distribution?from=2025-12&to=2026-11&groupBy=tier', counted);
    await measure('analytics', analytics, 'GET /v1/analytics/tiers/movement-counts (24 months)', () => '/v1/analytics/tiers/movement-counts?from=2024-12&to=2026-11&groupBy=direction', counted);
    const analyticsDb = bench.mongo.db(`${name}_analytics`);
    const tieringStore = await storeOf('tiering');
    await measureAnalyticsFeedback({ store: tieringStore, caseRules: await caseRulesOf(slaStore), db: analyticsDb, customers: options.customers, idOf, customerOfCase, log: options.log, measure: (route, path) => measure('analytics', analytics, route, path, counted) });
    const tierOf = (index: number) => tierDocument(index).computedTier ?? 'standard';
    const { histories: analyticsHistories, churnCounts } = await measureAnalyticsCustomers({
      store: tieringStore, db: analyticsDb, postgresUrl: bench.postgresUrl, auditSchema: `${name}_tiering_analytics`, customers: options.customers, idOf, tierOf, log: options.log,
      measure: (route, path) => measure('analytics', analytics, route, path, counted),
    });
    // A second analytics follows sla's store, as the first follows tiering's.
    const serviceLevelMonths = await timeServiceLevelFigures({
      slaStore, db: bench.mongo.db(`${name}_analytics_sla`), log: options.log,
      start: () => start('analytics', { EVENT_STORE_SCHEMA: `${name}_sla`, MONGO_DATABASE: `${name}_analytics_sla`, TOPIC_PREFIX: `${name}_analytics_sla`, DASHBOARD_WARM_SECONDS: '0' }, "analytics (sla's store)"),
      measure: (process, route, path) => measure('analytics', process, route, path, counted),
    });
    const seconds = (ms: number) => ms / 1000;
    const memory: ReadsResult['memory'][number][] = [];
    for (const process of processes) {
      const sizes = await processMemoryOf(process.child.pid!);
      if (sizes) memory.push({ process: labels.get(process)!, rssMiB: mebibytes(sizes.rssKiB), peakMiB: mebibytes(sizes.peakKiB) });
    }
    return { memory, routes, fillSeconds: { intakeFacts: seconds(intakeFacts), summaries: seconds(summaries), tiers: seconds(tierFill), cases: seconds(caseFill), feedback: seconds(feedbackFill), tierStreams: seconds(tierStreams), tierMonths: seconds(tierMonths), serviceLevelMonths, analyticsHistories, churnCounts } };
  } finally {
    for (const process of processes) await withTimeout(process.stop('SIGTERM'), 20_000, 'a service stopping').catch(() => process.stop('SIGKILL'));
    for (const store of stores) await store.close();
    for (const service of services) await dropSchema(bench.postgresUrl, `${name}_${service}`);
    await rm(keysDir, { recursive: true, force: true });
  }
}

/**
 * Tiering's tier count follower counts the tier streams appended after the distribution row was timed;
 * the history row is timed once it has caught up, so its counting does not load the calls.
 */
async function untilCounted(db: Db, position: string): Promise<void> {
  await until(async () => {
    const counts = await db.collection<{ _id: string; position?: string }>('tierCounts').findOne({ _id: 'tier-counts-v1' });
    return counts?.position !== undefined && BigInt(counts.position) >= BigInt(position);
  }, 1_200_000, 'the tier count follower counting the tier streams', 1_000);
}

/** analytics' tier month follower (services/analytics/src/tiers/tier-month-store.ts: the head of the service's zone) past `position`. */
async function untilTierMonthsFollowed(db: Db, position: string): Promise<void> {
  await until(async () => {
    const head = await db.collection<{ _id: string; position?: string }>(tierMonthsCollection).findOne({ _id: tierMonthsHeadId('Asia/Shanghai') });
    return head?.position !== undefined && BigInt(head.position) >= BigInt(position);
  }, 1_200_000, 'the tier month follower following the tier streams', 1_000);
}

async function timeCalls(process: ServiceProcess, headers: Record<string, string>, path: () => string, calls: number, budgetMs: number): Promise<{ latency: LatencySummary | null; calls: number }> {
  const call = async () => {
    const started = performance.now();
    const response = await fetch(`${process.baseUrl}${path()}`, { headers, signal: AbortSignal.timeout(callLimitMs) });
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
  // The budget counts every call after the first, the rest of the warm-up too; one timed call is always made.
  let spent = 0;
  if (planned === calls) for (let i = 0; i < 4 && spent < budgetMs; i += 1) spent += await call();
  const times: number[] = [];
  while (times.length < planned && (times.length === 0 || spent < budgetMs)) {
    times.push(await call());
    spent += times.at(-1)!;
  }
  return { latency: summarizeLatency(times), calls: times.length };
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
