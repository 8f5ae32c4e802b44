import { figureMonthsHeadId } from '@ctp/analytics/read-bench';
import type { EventStore } from '@ctp/event-store';
import type { Db } from 'mongodb';
import { timed, until } from '../stats.js';
import { appendStreams, type StreamEvents } from './reads-fill.js';
import { fillComplaints, surveyStream } from './reads-feedback.js';
import { caseStream, casesFor, type CaseRules } from './reads-sla.js';

export interface AnalyticsFeedbackOptions {
  /** The store analytics follows (tiering's, in this benchmark: one store in a deployment). */
  readonly store: EventStore;
  /** sla's case rules, by which its decider decides the case streams appended here too. */
  readonly caseRules: CaseRules;
  /** analytics' database, where its feedback month follower keeps its documents. */
  readonly db: Db;
  readonly customers: number;
  readonly idOf: (index: number) => string;
  readonly customerOfCase: (caseIndex: number) => string;
  readonly log: (line: string) => void;
  /** Times one route of the started analytics, counted (no answer kept from the call before). */
  readonly measure: (route: string, path: () => string) => Promise<void>;
}

const dayMs = 86_400_000;

/**
 * analytics' satisfaction and complaint figures, from the month documents its feedback month follower keeps
 * (services/analytics/src/figure-months): feedback's complaint and survey streams as the reads fill makes them,
 * every case's stream as sla's decider records it (the complaints' resolutions among them), and one purchase per
 * customer (active customers) are appended to the store analytics follows; the rows are timed once the follower has
 * passed them.
 */
export async function measureAnalyticsFeedback(options: AnalyticsFeedbackOptions): Promise<void> {
  const { store, customers, idOf, customerOfCase } = options;
  const cases = casesFor(customers);
  options.log('appending complaints, cases, surveys and purchases to the store analytics follows');
  let end = '0';
  const fill = await timed(async () => {
    await fillComplaints(store, customerOfCase, cases);
    const surveys = Array.from({ length: cases }, (_, i) => surveyStream(i + 1, customerOfCase(i + 1))).filter((stream) => stream !== null);
    const caseStreams = Array.from({ length: cases }, (_, i) => caseStream(i + 1, customerOfCase(i + 1), options.caseRules));
    const purchases = Array.from({ length: customers }, (_, i): StreamEvents => {
      const at = new Date(Date.UTC(2025, 11, 1) + ((i * 7_919) % 365) * dayMs).toISOString();
      return { category: 'customer', id: idOf(i + 1), events: [{ at, event: { type: 'PurchaseRecorded', data: { customerId: idOf(i + 1), orderId: `O-${i + 1}`, amount: '100.00', currency: 'CNY', channel: 'store' } } }] };
    });
    const recorded = await appendStreams(store, [...surveys, ...caseStreams, ...purchases]);
    end = recorded.at(-1)!.globalPosition;
  });
  options.log(`appended in ${Math.round(fill / 1000)} s; analytics following them into its feedback month documents`);
  const followed = await timed(() => untilFeedbackMonthsFollowed(options.db, end));
  options.log(`followed in ${Math.round(followed / 1000)} s`);
  const oneMonth = 'from=2026-11&to=2026-11';
  const twelve = 'from=2025-12&to=2026-11';
  await options.measure('GET /v1/analytics/satisfaction/trend (one month)', () => `/v1/analytics/satisfaction/trend?${oneMonth}`);
  await options.measure('GET /v1/analytics/satisfaction/trend (12 months by month and tier)', () => `/v1/analytics/satisfaction/trend?${twelve}&groupBy=month,tier`);
  for (const figure of ['rate', 'causes', 'repeats', 'cycle']) {
    await options.measure(`GET /v1/analytics/complaints/${figure} (one month)`, () => `/v1/analytics/complaints/${figure}?${oneMonth}`);
    await options.measure(`GET /v1/analytics/complaints/${figure} (12 months by tier)`, () => `/v1/analytics/complaints/${figure}?${twelve}&groupBy=tier`);
  }
  await options.measure('GET /v1/analytics/satisfaction/answers (one month, first page)', () => '/v1/analytics/satisfaction/answers?month=2026-11');
  await options.measure('GET /v1/analytics/complaints/complaints (one month, first page)', () => '/v1/analytics/complaints/complaints?month=2026-11');
}

/** analytics' feedback month follower (services/analytics/src/figure-months/month-store.ts: the head of the service's zone) past `position`. */
async function untilFeedbackMonthsFollowed(db: Db, position: string): Promise<void> {
  await until(async () => {
    const head = await db.collection<{ _id: string; position?: string }>('figureMonths').findOne({ _id: figureMonthsHeadId('Asia/Shanghai') });
    return head?.position !== undefined && BigInt(head.position) >= BigInt(position);
  }, 1_200_000, 'the feedback month follower following the complaints and surveys', 1_000);
}
