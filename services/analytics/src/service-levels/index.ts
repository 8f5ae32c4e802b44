import { areaReads, type AnalyticsArea } from '../area.js';
import { serviceLevelProjection } from './service-level-projection.js';
import { serviceLevelRoutes } from './service-level-routes.js';

/** SLA compliance, first-contact resolution and the average wait, from the case streams. */
export const serviceLevelsArea: AnalyticsArea = {
  projection: serviceLevelProjection,
  routes: (context) => serviceLevelRoutes(areaReads(context)),
};
export { serviceLevelMonthFollower } from './service-level-month-follower.js';
export { serviceLevelMonthsVersion } from './service-level-month-store.js';
