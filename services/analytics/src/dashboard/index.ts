import type { FastifyInstance } from 'fastify';
import { dashboardChartRoute } from './dashboard-chart-route.js';
import { dashboardContextRoute, type DashboardClock } from './dashboard-context-route.js';
import { dashboardPageRoutes } from './dashboard-routes.js';

/** The analysts' dashboard: the public page and its assets, and the JSON routes it reads besides the figures. */
export function dashboardRoutes(context: DashboardClock) {
  return async (app: FastifyInstance) => {
    await app.register(dashboardPageRoutes());
    await app.register(dashboardContextRoute(context));
    await app.register(dashboardChartRoute());
  };
}
