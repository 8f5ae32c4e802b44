import { describe, expect, it } from 'vitest';
import { bearer, testApp } from '../test-support/test-app.js';

describe('rate limits and tracing', () => {
  it('answers 429 problem+json once an API key exceeds its rate', async () => {
    const app = await testApp({
      rateLimitPerMinute: 3,
      routes: async (routes) => {
        routes.get('/v1/ping', { config: { roles: ['agent', 'admin'] } }, async () => ({ pong: true }));
      },
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.inject({ url: '/v1/ping', headers: bearer('agent') })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await app.inject({ url: '/v1/ping', headers: bearer('agent') });
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ code: 'CTP_RATE_LIMITED', status: 429 });
    expect((await app.inject({ url: '/v1/ping', headers: bearer('admin') })).statusCode).toBe(200);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    await app.close();
  });

  it('continues the caller trace and answers with a traceparent', async () => {
    const app = await testApp({
      routes: async (routes) => {
        routes.get('/v1/trace', { config: { roles: ['admin'] } }, async (request) => ({ traceparent: request.traceparent }));
      },
    });
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const response = await app.inject({ url: '/v1/trace', headers: { ...bearer('admin'), traceparent: incoming } });
    const { traceparent } = response.json() as { traceparent: string };
    expect(traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(traceparent).not.toBe(incoming);
    expect(response.headers.traceparent).toBe(traceparent);

    const fresh = (await app.inject({ url: '/v1/trace', headers: bearer('admin') })).json() as { traceparent: string };
    expect(fresh.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(fresh.traceparent.slice(3, 35)).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    await app.close();
  });
});
