import { areaReads, type AnalyticsArea } from '../area.js';
import { customerProjection } from './customer-projection.js';
import { retentionRoutes } from './retention-routes.js';

/** Retention, churn, repeat purchase and purchase cohorts (domain.md section 5), from the customer events. */
export const retentionArea: AnalyticsArea = {
  projection: customerProjection,
  routes: (context) => retentionRoutes(areaReads(context)),
};
export { retentionMonthFollower } from './retention-month-follower.js';
export { retentionMonthsVersion } from './retention-month-store.js';
