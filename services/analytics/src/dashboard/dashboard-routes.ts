import { problems, ProblemError } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { dashboardAsset } from './dashboard-assets.js';
import { dashboardSecurityPolicy, dashboardShell } from './dashboard-shell.js';

/** The analysts' dashboard: the page shell and its assets are public (they carry no data); every figure is fetched with the analyst's key. */
export function dashboardPageRoutes() {
  return async (app: FastifyInstance) => {
    app.get('/dashboard', { config: { public: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('content-security-policy', dashboardSecurityPolicy).header('cache-control', 'no-cache').send(dashboardShell));
    app.get<{ Params: { name: string } }>('/dashboard/assets/:name', { config: { public: true } }, async (request, reply) => {
      const asset = await dashboardAsset(request.params.name);
      if (asset === null) throw new ProblemError(problems.CTP_NOT_FOUND, `the dashboard has no asset ${request.params.name}`);
      return reply.type(asset.type).header('cache-control', asset.cache ?? 'no-cache').send(asset.body);
    });
  };
}
