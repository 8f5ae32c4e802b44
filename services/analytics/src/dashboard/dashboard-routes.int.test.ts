import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceLevelsArea } from '../service-levels/index.js';
import { dashboardContextRoute, dashboardRoutes } from './index.js';

/** The dashboard's routes beside the service-levels area on a real, empty read model; the clock on Wednesday 4 March 2026 in Shanghai. */
describe('the dashboard routes: the page public, its JSON for analysts and admins, bad input named', () => {
  const now = new Date('2026-03-04T14:00:00+08:00');
  const client = new MongoClient(mongoUrl());
  let app: FastifyInstance;

  beforeAll(async () => {
    const db = client.db(uniqueName('analytics_dashboard_routes'));
    await projectEvents(db, serviceLevelsArea.projection, []);
    const context = { timeZone: 'Asia/Shanghai', clock: () => now };
    app = await testApp({
      routes: async (root) => {
        await root.register(serviceLevelsArea.routes({ readModel: { db, readYourWrites: async () => undefined }, ...context }));
        await root.register(dashboardContextRoute(context));
        await root.register(dashboardRoutes());
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await client.close();
  });

  it('the page and its modules need no key and hold no data; an unknown asset is a 404', async () => {
    const page = await app.inject({ method: 'GET', url: '/dashboard' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await app.inject({ method: 'GET', url: '/dashboard/assets/dashboard.css' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/dashboard/assets/secrets.js' })).statusCode).toBe(404);
  });

  it('context: the month of the service clock in the business time zone and the two before it, for analysts and admins only', async () => {
    const answer = await app.inject({ method: 'GET', url: '/v1/analytics/dashboard/context', headers: bearer('analyst') });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ month: '2026-03', from: '2026-01', to: '2026-03', timeZone: 'Asia/Shanghai', role: 'analyst' });
    expect((await app.inject({ method: 'GET', url: '/v1/analytics/dashboard/context', headers: bearer('admin') })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/analytics/dashboard/context', headers: bearer('agent') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/v1/analytics/dashboard/context' })).statusCode).toBe(401);
  });

  it('a chart: the option drawn from the area route\'s figures, asked with the caller\'s key, and those figures', async () => {
    const answer = await app.inject({ method: 'GET', url: '/v1/analytics/dashboard/charts/sla-compliance?from=2026-01&to=2026-03&channel=email&locale=zh-CN', headers: bearer('analyst') });
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json() as { title: string; source: string; option: { series: unknown[] }; figures: { columns: string[]; rows: unknown[] } };
    expect(body.title).toBe('SLA 达成率');
    expect(body.source).toBe('/v1/analytics/service-levels/compliance?from=2026-01&to=2026-03&channel=email&groupBy=metric');
    expect(body.figures.columns).toContain('compliance');
    expect(body.figures.rows).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/v1/analytics/dashboard/charts/sla-compliance?from=2026-01&to=2026-03', headers: bearer('agent') })).statusCode).toBe(403);
  });

  it('bad input: a 400 problem naming every bad field', async () => {
    const answer = await app.inject({ method: 'GET', url: '/v1/analytics/dashboard/charts/pie?from=2026-13&to=2025-01&channel=fax&locale=fr', headers: bearer('analyst') });
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    const paths = (answer.json() as { errors: { path: string }[] }).errors.map(({ path }) => path);
    expect(paths).toEqual(expect.arrayContaining(['params.name', 'query.from', 'query.channel', 'query.locale']));
  });
});
