import { serviceLevelMonthsCollection, serviceLevelMonthsHeadId } from '@ctp/analytics/read-bench';
import type { EventStore } from '@ctp/event-store';
import type { ServiceProcess } from '@ctp/test-kit';
import type { Db } from 'mongodb';
import { timed, until } from '../stats.js';

export interface ServiceLevelFigures {
  readonly slaStore: EventStore;
  /** analytics started on sla's store, its read models in `db`. */
  readonly start: () => Promise<ServiceProcess>;
  readonly db: Db;
  readonly measure: (process: ServiceProcess, route: string, path: () => string) => Promise<void>;
  readonly log: (line: string) => void;
}

/**
 * analytics' SLA compliance and first-contact figures and their clocks and cases listings over sla's cases: analytics follows sla's store (one store in a
 * deployment) with its own service-level month follower, and the routes are timed once its head has passed the
 * store's last event and is caught up (services/analytics/src/service-levels/service-level-month-store.ts). Answers
 * the seconds the follower took.
 */
export async function timeServiceLevelFigures({ slaStore, start, db, measure, log }: ServiceLevelFigures): Promise<number> {
  const last = await slaStore.headPosition();
  const analytics = await start();
  log("analytics following sla's case streams into its service-level months");
  const followMs = await timed(() => untilServiceLevelMonthsFollowed(db, last ?? '0'));
  await measure(analytics, 'GET /v1/analytics/service-levels/compliance (one month)', () => '/v1/analytics/service-levels/compliance?from=2026-11&to=2026-11');
  await measure(analytics, 'GET /v1/analytics/service-levels/compliance (12 months by tier, month)', () => '/v1/analytics/service-levels/compliance?from=2025-12&to=2026-11&groupBy=tier,month');
  await measure(analytics, 'GET /v1/analytics/service-levels/first-contact (one month)', () => '/v1/analytics/service-levels/first-contact?from=2026-11&to=2026-11');
  await measure(analytics, 'GET /v1/analytics/service-levels/first-contact (12 months by tier, month)', () => '/v1/analytics/service-levels/first-contact?from=2025-12&to=2026-11&groupBy=tier,month');
  // The drill listings page from the same follower's month documents.
  await measure(analytics, 'GET /v1/analytics/service-levels/clocks (one month, first page)', () => '/v1/analytics/service-levels/clocks?month=2026-11');
  await measure(analytics, 'GET /v1/analytics/service-levels/cases (one month, first page)', () => '/v1/analytics/service-levels/cases?month=2026-11');
  return followMs / 1000;
}

async function untilServiceLevelMonthsFollowed(db: Db, position: string): Promise<void> {
  await until(async () => {
    const head = await db.collection<{ _id: string; position?: string; caughtUp?: boolean }>(serviceLevelMonthsCollection).findOne({ _id: serviceLevelMonthsHeadId('Asia/Shanghai') });
    return head?.caughtUp === true && head.position !== undefined && BigInt(head.position) >= BigInt(position);
  }, 1_200_000, 'the service-level month follower following the case streams', 1_000);
}
