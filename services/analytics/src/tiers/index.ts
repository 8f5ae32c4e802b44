import { areaReads, type AnalyticsArea } from '../area.js';
import { tierProjection } from './tier-projection.js';
import { tierRoutes } from './tier-routes.js';

/** Tier distribution at each month's end and the tier movements per month, from the tier events. */
export const tiersArea: AnalyticsArea = {
  projection: tierProjection,
  routes: (context) => tierRoutes(areaReads(context)),
};
export { tierMonthFollower } from './tier-month-follower.js';
export { tierMonthsVersion } from './tier-month-store.js';
