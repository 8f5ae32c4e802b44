import type { AnalyticsArea } from '../area.js';
import { invitationProjection } from './invitation-projection.js';
import { satisfactionRoutes } from './satisfaction-routes.js';

/** Satisfaction trends: CSAT, NPS, CES and dimension scores with their sample sizes and response rate. */
export const satisfactionArea: AnalyticsArea = { projection: invitationProjection, routes: satisfactionRoutes };
