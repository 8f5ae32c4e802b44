import type { EventStore } from '@ctp/event-store';
import { churnBacktestsCollection, churnRanker, churnRankingPagesCollection, churnRankingsCollection, monthlyReports, openReportStore, rankingWritesSection, readSideProjections, retentionMonthsCollection, retentionMonthsHeadId } from '@ctp/analytics/read-bench';
import { exclusiveSections } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { timed, until } from '../stats.js';
import { appendStreams, fillReadModels, recordedStreams, type StreamEvents } from './reads-fill.js';
import { contactStream } from './reads-feedback.js';

export interface AnalyticsCustomerOptions {
  /** The store analytics follows (tiering's, in this benchmark: one store in a deployment). */
  readonly store: EventStore;
  /** PostgreSQL and the analytics' audit schema, where it keeps its monthly reports. */
  readonly postgresUrl: string;
  readonly auditSchema: string;
  /** The analytics' database: its read models. */
  readonly db: Db;
  readonly customers: number;
  readonly idOf: (index: number) => string;
  readonly tierOf: (index: number) => string;
  readonly log: (line: string) => void;
  /** Times one route of the started analytics, counted (no answer kept from the call before). */
  readonly measure: (route: string, path: () => string) => Promise<void>;
}

const dayMs = 86_400_000;
/** The 24 months of purchase history: December 2024 to November 2026. */
const historyStart = Date.UTC(2024, 11, 1);
const historyDays = 730;
const channels = ['store', 'online', 'app', 'phone'] as const;
const reportMonth = '2026-11';
/** The analytics' business time zone (its default). */
const timeZone = 'Asia/Shanghai';

/** A small seeded generator (mulberry32), so every run and every size draws the same history per customer. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Customer `index`'s registration and purchase history, as intake would record them: registered (customer
 * since a day of 2023 or 2024) and 1 to 12 purchases over the 24 months, counting the one purchase the feedback
 * figures already appended (a day of the last 12 months); one in five buys otherwise only in the first 12 months.
 */
export function customerHistory(index: number, customerId: string): StreamEvents {
  const random = seeded(index);
  const since = new Date(Date.UTC(2023, 0, 1) + Math.floor(random() * 700) * dayMs).toISOString().slice(0, 10);
  const registeredAt = new Date(historyStart - Math.floor(random() * 30) * dayMs).toISOString();
  const events: StreamEvents['events'][number][] = [{
    at: registeredAt,
    event: {
      type: 'CustomerRegistered',
      data: {
        customerId, kind: index % 9 === 0 ? 'organisation' : 'person', name: `Customer ${index}`, customerSince: since, source: { system: 'crm', externalId: `CRM-${index}` },
        serviceConsent: { method: 'web_form', reference: `form-${index}`, noticeVersion: '2026-01' },
      },
    },
  }];
  const extra = Math.floor(random() * 12);
  const span = index % 5 === 0 ? 365 : historyDays;
  const days = Array.from({ length: extra }, () => Math.floor(random() * span)).sort((a, b) => a - b);
  days.forEach((day, n) => {
    const at = new Date(historyStart + day * dayMs + Math.floor(random() * 12) * 3_600_000).toISOString();
    const amount = (50 + Math.floor(random() * 5_000) + random()).toFixed(2);
    events.push({ at, event: { type: 'PurchaseRecorded', data: { customerId, orderId: `H-${index}-${n + 1}`, amount, currency: 'CNY', channel: channels[(index + n) % channels.length]! } } });
  });
  return { category: 'customer', id: customerId, events };
}

/**
 * analytics' remaining read routes (customer 360, churn, retention, targets, the monthly report and the drill
 * listings) over every customer's registration, purchase history and contact cadence (feedback's contact decider).
 * Folding them through the running service (a relay, then its projections) took 225 s at 5,000 customers on this
 * machine, so at 100,000 far too long: instead every event of the store analytics follows (the tier, complaint,
 * survey, case and target streams and the purchases appended before) and these histories, recorded after the
 * store's head, are handed to analytics' own projections' `handle` and the documents written with insertMany
 * (fillReadModels); no relay runs, so the service's runtimes write nothing beside them. Answers the seconds taken.
 */
export async function measureAnalyticsCustomers(options: AnalyticsCustomerOptions): Promise<{ histories: number; churnCounts: ChurnCountSeconds }> {
  const { store, customers, idOf, tierOf } = options;
  // The histories go into the store, so analytics' retention follower counts them as it would in a deployment.
  options.log('appending every customer\'s registration and purchases to the store analytics follows');
  const appendMs = await timed(async () => {
    for (let first = 1; first <= customers; first += 2_000) {
      const indexes = Array.from({ length: Math.min(2_000, customers - first + 1) }, (_, i) => first + i);
      await appendStreams(store, indexes.map((index) => customerHistory(index, idOf(index))));
    }
  });
  options.log(`appended in ${Math.round(appendMs / 1000)} s`);
  options.log("folding the store's events and every customer's contact cadence into analytics' read models");
  const fillMs = await timed(async () => {
    const head = BigInt((await store.headPosition()) ?? '0');
    async function* batches() {
      for (let after: string | null = null; ; ) {
        const events = await store.readAll({ after, limit: 5_000 });
        if (events.length === 0) break;
        yield events;
        after = events.at(-1)!.globalPosition;
      }
      let next = head + 1n;
      for (let first = 1; first <= customers; first += 2_000) {
        const indexes = Array.from({ length: Math.min(2_000, customers - first + 1) }, (_, i) => first + i);
        const events = recordedStreams(indexes.map((index) => contactStream(index, idOf(index), tierOf(index))), Number(next));
        next += BigInt(events.length);
        yield events;
      }
    }
    await fillReadModels(options.db, readSideProjections, batches());
  });
  options.log(`folded in ${Math.round(fillMs / 1000)} s`);
  const followMs = await timed(() => untilRetentionMonthsFollowed(options.db, store));
  options.log(`the retention month follower followed them in ${Math.round(followMs / 1000)} s`);
  await buildReport(options);
  const churnCounts = await countChurnAhead(options);
  const someone = () => idOf(1 + Math.floor(Math.random() * customers));
  const month = 'month=2026-11';
  const { measure } = options;
  await measure('GET /v1/analytics/customers/{id}', () => `/v1/analytics/customers/${someone()}`);
  await measure('GET /v1/analytics/churn/risks/{customerId}', () => `/v1/analytics/churn/risks/${someone()}`);
  await measure('GET /v1/analytics/churn/risks (first page)', () => '/v1/analytics/churn/risks');
  await measure('GET /v1/analytics/churn/backtest (180 days from 2026-06-01)', () => '/v1/analytics/churn/backtest?asOf=2026-06-01');
  await measure('GET /v1/analytics/churn/win-back (open tasks)', () => '/v1/analytics/churn/win-back');
  await measure('GET /v1/analytics/retention/retention (12 months by month)', () => '/v1/analytics/retention/retention?from=2025-12&to=2026-11&groupBy=month');
  await measure('GET /v1/analytics/retention/retention (12 months as one span)', () => '/v1/analytics/retention/retention?from=2025-12&to=2026-11');
  await measure('GET /v1/analytics/retention/repeat-purchase (12 months by month)', () => '/v1/analytics/retention/repeat-purchase?from=2025-12&to=2026-11&groupBy=month');
  await measure('GET /v1/analytics/retention/cohorts (12 cohorts)', () => '/v1/analytics/retention/cohorts?from=2025-01&to=2025-12');
  await measure('GET /v1/analytics/retention/customers?state=lost (first page)', () => `/v1/analytics/retention/customers?state=lost&${month}`);
  // Selections the kept month lists do not serve, picked from the buyers' listing by their purchase instants (docs/analytics/retention.md).
  const selections: [string, string][] = [
    ['a span: new over 12 months', 'state=new&from=2025-12&to=2026-11'],
    ['sparse: lost at 730 days', `state=lost&${month}&activeDays=730`],
    ['empty: lost over the whole history', 'state=lost&from=2024-12&to=2026-11'],
    ['repeat over the year', `state=repeat&${month}&window=year`],
    ['a cohort in a later month', 'cohort=2025-02&purchasedIn=2025-05'],
  ];
  for (const [what, query] of selections) {
    await measure(`GET /v1/analytics/retention/customers (${what}, first page)`, () => `/v1/analytics/retention/customers?${query}`);
  }
  await measure('GET /v1/analytics/targets', () => '/v1/analytics/targets');
  const targets = ['plan-csat', 'plan-complaint-rate', 'plan-complaint-cycle', 'plan-retention', 'plan-repeat-purchase', 'plan-average-wait'];
  await measure('GET /v1/analytics/targets/{id} (with progress)', () => `/v1/analytics/targets/${targets[Math.floor(Math.random() * targets.length)]}`);
  await measure(`GET /v1/analytics/reports/{month} (a kept one, JSON)`, () => `/v1/analytics/reports/${reportMonth}`);
  await measure('GET /v1/analytics/tiers/movements (one month, first page)', () => '/v1/analytics/tiers/movements?month=2026-06');
  await measure('GET /v1/analytics/tiers/customers (tiers at the end of a month, first page)', () => '/v1/analytics/tiers/customers?asOf=2026-11');
  return { histories: (appendMs + fillMs + followMs) / 1000, churnCounts };
}

/** analytics' retention month follower (services/analytics/src/retention/retention-month-store.ts) at the store's head. */
async function untilRetentionMonthsFollowed(db: Db, store: EventStore): Promise<void> {
  const end = BigInt((await store.headPosition()) ?? '0');
  await until(async () => {
    const head = await db.collection<{ _id: string; position?: string }>(retentionMonthsCollection).findOne({ _id: retentionMonthsHeadId(timeZone) });
    return head?.position !== undefined && BigInt(head.position) >= end;
  }, 1_800_000, 'the retention month follower following the purchases', 1_000);
}

export interface ChurnCountSeconds {
  readonly ranking: number;
  readonly backtest: number;
}

/**
 * Today's churn ranking and the backtest row's count made once by analytics' own code, as its daily scan and a first
 * request make them, so the rows read kept counts. What the service kept before is deleted first: it was counted
 * from the read side before the fill, which wrote beside the runtimes and moved no checkpoint.
 */
async function countChurnAhead({ db, postgresUrl, log }: AnalyticsCustomerOptions): Promise<ChurnCountSeconds> {
  for (const name of [churnRankingsCollection, churnRankingPagesCollection, churnBacktestsCollection]) await db.collection(name).deleteMany({});
  const sections = exclusiveSections(postgresUrl);
  const ranker = churnRanker({ db, timeZone, clock: () => new Date(), rankingWrites: sections.named(rankingWritesSection(db)) });
  const ask = { fresh: true, onRecountFailed: () => undefined };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date()) as Parameters<typeof ranker.backtest>[0];
  log("counting today's churn ranking and the backtest of 2026-06-01 (analytics' own code)");
  try {
    const ranking = await timed(async () => void (await ranker.risks(today, { selection: 'all', minScore: 0, limit: 1 }, ask)));
    const backtest = await timed(async () => void (await ranker.backtest('2026-06-01' as typeof today, 180, ask)));
    log(`counted in ${Math.round(ranking / 1000)} s and ${Math.round(backtest / 1000)} s`);
    return { ranking: ranking / 1000, backtest: backtest / 1000 };
  } finally {
    await sections.close();
  }
}

/**
 * The month's report built and kept once by analytics' own code, as its monthly timer builds it, so the GET row
 * reads a kept one. Built here, not through POST: it first waits for the read models to pass the store's head,
 * which the runtimes never reach with no relay running (the read models were filled beside them).
 */
async function buildReport({ db, postgresUrl, auditSchema, log }: AnalyticsCustomerOptions): Promise<void> {
  log(`building the ${reportMonth} report`);
  const view = { db, readYourWrites: async () => undefined };
  const store = await openReportStore(postgresUrl, auditSchema);
  try {
    const readModels = { retention: view, tiers: view, serviceLevels: view, satisfaction: view, complaints: view, targets: view, improvements: view };
    const reports = monthlyReports({ events: { headPosition: async () => null }, readModels, store, timeZone, clock: () => new Date(), browserPath: '/usr/bin/chromium', locale: 'zh-CN' });
    await reports.generate(reportMonth, 'requested');
  } finally {
    await store.close();
  }
}
