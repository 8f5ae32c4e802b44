import type { AnalyticsArea, AreaContext } from '../area.js';
import { complaintFactProjection } from './complaint-fact-projection.js';
import { complaintFigureRoutes } from './complaint-figure-routes.js';
import { complaintListingRoute } from './complaint-listing-route.js';

/** Complaint rate, root-cause mix, repeat complaints and complaint cycle time, each drilling to its complaints. */
export const complaintsArea: AnalyticsArea = {
  projection: complaintFactProjection,
  routes: (context: AreaContext) => {
    const figures = complaintFigureRoutes(context);
    const listing = complaintListingRoute(context);
    return async (app) => {
      await figures(app);
      await listing(app);
    };
  },
};
