import { contactFactProjection } from './contacts/contact-fact-projection.js';
import { complaintFactProjection } from './complaints/complaint-fact-projection.js';
import { improvementProjection } from './report/improvement-projection.js';
import { customerProjection } from './retention/customer-projection.js';
import { invitationProjection } from './satisfaction/invitation-projection.js';
import { serviceLevelProjection } from './service-levels/service-level-projection.js';
import { targetProjection } from './targets/target-projection.js';
import { tierProjection } from './tiers/tier-projection.js';

/**
 * The projections whose read models the analysts' routes read (main.ts wires each), for the reads benchmark,
 * which folds the store's events through their own `handle` and writes the documents in bulk
 * (packages/benchmarks/src/paths/reads-analytics-customers.ts).
 */
export const readSideProjections = [
  customerProjection, tierProjection, serviceLevelProjection, invitationProjection,
  complaintFactProjection, contactFactProjection, targetProjection, improvementProjection,
] as const;

export { monthlyReports } from './report/monthly-reports.js';
export { openReportStore } from './report/report-store.js';
export { figureMonthsHeadId } from './figure-months/month-store.js';
export { retentionMonthsCollection, retentionMonthsHeadId } from './retention/retention-month-store.js';
export { churnRanker } from './churn/kept/churn-ranker.js';
export { churnRankingPagesCollection, churnRankingsCollection, rankingWritesSection } from './churn/kept/ranking-store.js';
export { churnBacktestsCollection } from './churn/kept/backtest-store.js';
export { tierMonthsCollection, tierMonthsHeadId } from './tiers/tier-month-store.js';
export { serviceLevelMonthsCollection, serviceLevelMonthsHeadId } from './service-levels/service-level-month-store.js';
