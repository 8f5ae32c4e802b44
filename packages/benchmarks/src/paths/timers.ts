import { randomBytes, randomUUID } from 'node:crypto';
import { buildEvent, streamIdFor } from '@ctp/contracts';
import { openProtectedStores } from '@ctp/event-store';
import * as sla from '@ctp/sla/clock-bench';
import pg from 'pg';
import type { Bench } from '../env.js';
import { inParallel, summarizeLatency, until, type LatencySummary } from '../stats.js';

export interface TimersOptions {
  /** Open cases' timers in the table. */
  readonly total: number;
  /** Of which due in the window, each on a real case stream. */
  readonly due: number;
  /** The window the due timers fall in (10,000 in 60 s; the short form keeps the density: 1,000 in 6 s). */
  readonly windowMs: number;
  readonly log: (line: string) => void;
}

export interface TimersResult {
  /** recordedAt of each SlaBreached - its timer's dueAt. */
  readonly delays: LatencySummary;
  readonly events: number;
  /** Events over the span from the first due instant to the last event recorded: bounded by the rate timers fall due. */
  readonly eventsPerSecond: number;
  /** The workers' capacity: half as many more cases all due at one instant after the window, events / (last recordedAt - that instant). */
  readonly burst: number;
  readonly burstEventsPerSecond: number;
  readonly burstDelays: LatencySummary;
  /** Claim (batches of 10), append one event, mark fired: the same timers and streams, nothing else. */
  readonly rawEventsPerSecond: number;
  readonly pendingAtStart: number;
  readonly setupSeconds: number;
  readonly pollMs: number;
  readonly workers: number;
}

const pollMs = 1_000;
const dayMs = 24 * 3_600_000;
const caseIdOf = (index: number) => `BENCH-${index}`;

/**
 * The sla service's timer workers and handler as main.ts wires them (poll 1 s, batches of 10, `clockTimerWorkers`),
 * on a table holding `total` open cases' timers of which `due` breach in one window: each of those is a
 * real case stream (an email request opened 24 h before its deadline, the default policy's 24 h first
 * response in calendar time), so firing loads the stream and the case's rules, decides and appends
 * SlaBreached at the due instant. The others are timers of cases due days later (not fired). Only the
 * due cases' breach timers are scheduled (their warnings and escalations would fall outside the window).
 */
export async function timersBenchmark(bench: Bench, options: TimersOptions): Promise<TimersResult> {
  const schema = `${bench.runId}_timers`;
  const stores = await openProtectedStores({ eventStoreUrl: bench.postgresUrl, schema, masterKey: randomBytes(32).toString('base64') });
  const timers = await sla.createTimerStore(bench.postgresUrl, { schema, table: 'sla_timers', maxConnections: 8 });
  const sql = new pg.Client({ connectionString: bench.postgresUrl });
  await sql.connect();
  try {
    const started = performance.now();
    const deps: sla.SlaDeps = { store: stores.store, history: stores.reader, timers, policyId: 'default', tiers: { tierAt: async () => null }, customers: { isKnown: async () => true }, teams: { crisis: 'crisis-response', queue: 'service-desk' }, clock: () => new Date() };
    const context = { actor: sla.slaActor, correlationId: `${schema}-setup`, occurredAt: new Date('2025-01-01T00:00:00Z') };
    await sla.publishCalendar(stores.store, sla.defaultCalendarDocument, context);
    await sla.publishSlaPolicy(stores.store, sla.defaultSlaPolicy([]), context);
    const rules = (await sla.loadCaseRules(deps, 'default'))!;

    const background = options.total - options.due;
    options.log(`timers: scheduling ${background.toLocaleString('en-US')} timers of cases due later`);
    const later = Date.now() + 2 * dayMs;
    await inParallel(background, 16, (index) =>
      sla.scheduleClockTimer(timers, caseIdOf(options.due + index), { timer: { metric: 'first_response', cycle: 1, kind: 'breach' }, at: later + (index % 86_400) * 1_000 }).then(() => undefined),
    );

    const openCase = async (caseId: string, deadline: number) => {
      const openedAt = new Date(deadline - dayMs).toISOString();
      const command = { kind: 'open_case', caseId, customerId: `C-${caseId}`, customerKnown: true, channel: 'email', type: 'request', priority: 'normal', subject: 'Where is my parcel?', openedAt, openedBy: 'bench', source: null, tierAtStart: null, ...rules } as const;
      const { state } = await sla.withCaseStream(deps, caseId, { causationId: `open-${caseId}`, correlationId: caseId, occurredAt: openedAt, actor: sla.slaActor }, (current, caseRules) => sla.decideCase(command, current, caseRules));
      const breach = sla.dueTimers(state!, rules.policy, rules.calendars).find(({ timer }) => timer.kind === 'breach')!;
      await sla.scheduleClockTimer(timers, caseId, breach);
    };
    const probeStarted = performance.now();
    await inParallel(50, 16, (index) => openCase(`PROBE-${index}`, Date.now() + 3 * dayMs));
    const perCaseMs = (performance.now() - probeStarted) / 50;
    const burstCount = Math.ceil(options.due / 2);
    const firstDue = Date.now() + Math.ceil(perCaseMs * (options.due + burstCount) * 1.3) + 3_000;
    const burstDue = firstDue + options.windowMs + 2_000;
    options.log(`timers: opening ${options.due.toLocaleString('en-US')} cases due from ${new Date(firstDue).toISOString()} over ${options.windowMs / 1000} s, and ${burstCount.toLocaleString('en-US')} due at once after it (${perCaseMs.toFixed(1)} ms per case in the probe)`);
    await inParallel(options.due, 16, (index) => openCase(caseIdOf(index), firstDue + Math.floor((index * options.windowMs) / options.due)));
    await inParallel(burstCount, 16, (index) => openCase(`BURST-${index}`, burstDue));
    if (Date.now() > firstDue - 500) throw new Error(`setup ran into the window (${Date.now() - firstDue} ms late): the firing delays would count setup time`);
    const pendingAtStart = await timers.countPending();
    const setupSeconds = (performance.now() - started) / 1000;

    const workers = Array.from({ length: sla.clockTimerWorkers }, () => sla.startTimerWorker({ store: timers, handle: sla.slaTimers.handler(deps), kinds: sla.slaTimers.kinds, pollIntervalMs: pollMs }));
    const breaches = async () => (await sql.query<{ stream_id: string; occurred_at: string; recorded_at: Date }>(`SELECT stream_id, occurred_at, recorded_at FROM "${schema}".events WHERE type = 'SlaBreached'`)).rows;
    try {
      await until(async () => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".events WHERE type = 'SlaBreached'`)).rows[0]!.n >= options.due + burstCount, burstDue - Date.now() + 300_000, 'every due timer fired', 250);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
    const recorded = await breaches();
    const delayOf = ({ occurred_at, recorded_at }: (typeof recorded)[number]) => recorded_at.getTime() - Date.parse(occurred_at);
    const lastOf = (rows: typeof recorded) => Math.max(...rows.map(({ recorded_at }) => recorded_at.getTime()));
    const windowed = recorded.filter(({ stream_id }) => stream_id.startsWith('case-BENCH-'));
    const burst = recorded.filter(({ stream_id }) => stream_id.startsWith('case-BURST-'));
    const eventsPerSecond = windowed.length / ((lastOf(windowed) - firstDue) / 1000);
    const burstEventsPerSecond = burst.length / ((lastOf(burst) - burstDue) / 1000);
    const rawEventsPerSecond = await rawClaimAndAppend(stores.store, timers, options.due);
    return { delays: summarizeLatency(windowed.map(delayOf)), events: windowed.length, eventsPerSecond, burstEventsPerSecond, burstDelays: summarizeLatency(burst.map(delayOf)), rawEventsPerSecond, burst: burstCount, pendingAtStart, setupSeconds, pollMs, workers: sla.clockTimerWorkers };
  } finally {
    await sql.end();
    await Promise.all([stores.close(), timers.close()]);
  }
}

/**
 * The raw limit, with as many loops as the service has workers: claim 10 due timers, append one prepared
 * event to each timer's case stream, mark it fired.
 */
async function rawClaimAndAppend(store: sla.SlaDeps['store'], timers: sla.PostgresTimerStore, count: number): Promise<number> {
  const now = new Date();
  await inParallel(count, 16, (index) => timers.schedule({ id: `raw-${index}`, kind: 'raw', dueAt: now, payload: { caseId: caseIdOf(index) } }).then(() => undefined));
  const started = performance.now();
  const loop = async () => {
    for (;;) {
      const { token, timers: claimed } = await timers.claim({ now: new Date(), leaseMs: 30_000, limit: 10, kinds: ['raw'] });
      if (claimed.length === 0) return;
      for (const timer of claimed) {
        const caseId = (timer.payload as { caseId: string }).caseId;
        const streamId = streamIdFor('case', caseId);
        const data = { caseId, metric: 'first_response', cycle: 1, at: now.toISOString(), deadline: now.toISOString() } as const;
        await store.append(streamId, [buildEvent('SlaBreached', data, { id: randomUUID(), streamId, occurredAt: now.toISOString(), correlationId: timer.id, causationId: timer.id, actor: sla.slaActor, traceparent: null })], { expectedRevision: 'any' });
        await timers.complete(timer.id, token, new Date());
      }
    }
  };
  await Promise.all(Array.from({ length: sla.clockTimerWorkers }, loop));
  return count / ((performance.now() - started) / 1000);
}
