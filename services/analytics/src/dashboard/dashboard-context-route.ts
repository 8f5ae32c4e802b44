import { caseChannels } from '@ctp/contracts';
import { route, type Role } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { monthIn, previousMonth } from '../metrics/period.js';

/** Who opens the dashboard. */
export const dashboardReaders: readonly Role[] = ['analyst', 'admin'];

/** The months the overview shows unless the analyst picks others: the month of the service's clock and the two before it. */
export const defaultMonths = 3;

/** The overview's period unless the analyst picks another: `defaultMonths` months ending with `month`. */
export function defaultPeriod(month: string): { from: string; to: string } {
  let from = month;
  for (let i = 1; i < defaultMonths; i++) from = previousMonth(from);
  return { from, to: month };
}

export interface DashboardClock {
  readonly timeZone: string;
  readonly clock: () => Date;
}

/** GET /v1/analytics/dashboard/context: what the page needs before its first figure (the service's month, not the browser's). */
export function dashboardContextRoute({ timeZone, clock }: DashboardClock) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/analytics/dashboard/context', operationId: 'getDashboardContext', tags: ['analytics: dashboard'], roles: dashboardReaders,
      summary: 'The dashboard\'s defaults: the current month in the business time zone (the service\'s clock), the default period ending with it, the case channels the filters offer',
      responses: {
        200: {
          description: 'The defaults',
          schema: z.object({ month: z.string(), from: z.string(), to: z.string(), timeZone: z.string(), channels: z.array(z.string()), role: z.string() }),
        },
      },
      handler: async ({ request }) => {
        const month = monthIn(clock().getTime(), timeZone);
        return { month, ...defaultPeriod(month), timeZone, channels: [...caseChannels], role: request.principal!.role };
      },
    });
  };
}
