import type { FastifyInstance } from 'fastify';
import { dashboardChartRoute } from './dashboard-chart-route.js';
import { dashboardPageRoutes } from './dashboard-routes.js';

export { dashboardContextRoute } from './dashboard-context-route.js';
export { overviewRequests } from './overview-requests.js';

/** The analysts' dashboard: the public page and its assets, and its charts (figures, kept like them). */
export function dashboardRoutes() {
  return async (app: FastifyInstance) => {
    await app.register(dashboardPageRoutes());
    await app.register(dashboardChartRoute());
  };
}
