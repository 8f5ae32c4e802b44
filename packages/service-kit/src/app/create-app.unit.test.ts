import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from '../http/route.js';
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

  it('limits requests without a valid key per address before authentication, and lets valid keys through (review finding)', async () => {
    const app = await testApp({
      authFailuresPerMinute: 3,
      routes: async (routes) => {
        routes.get('/v1/ping', { config: { roles: ['agent'] } }, async () => ({ pong: true }));
      },
    });
    const statuses = [];
    for (const headers of [{}, { authorization: 'Bearer guess-1' }, { authorization: 'Bearer guess-2' }, { authorization: 'Bearer guess-3' }, bearer('agent')]) {
      statuses.push((await app.inject({ url: '/v1/ping', headers })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await app.inject({ url: '/v1/ping', headers: { authorization: 'Bearer guess-4' } });
    expect(limited.json()).toMatchObject({ code: 'CTP_RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const elsewhere = await app.inject({ url: '/v1/ping', headers: bearer('agent'), remoteAddress: '10.0.0.9' });
    expect(elsewhere.statusCode).toBe(200);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    await app.close();
  });

  it("takes a caller's x-request-id only when it is a short plain token (an over-long one was a 500 on append)", async () => {
    const app = await testApp({
      routes: async (routes) => {
        routes.get('/v1/id', { config: { roles: ['admin'] } }, async (request) => ({ id: request.id }));
      },
    });
    const idFor = async (requestId: string) => ((await app.inject({ url: '/v1/id', headers: { ...bearer('admin'), 'x-request-id': requestId } })).json() as { id: string }).id;
    expect(await idFor('import-42.batch:7')).toBe('import-42.batch:7');
    for (const bad of ['x'.repeat(129), 'x'.repeat(5_000), 'has space', 'semi;colon']) {
      const id = await idFor(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    await app.close();
  });

  it('limits a public route per client address when it asks to: 429 problem+json with retry-after before the handler runs; its own 429 documented', async () => {
    let handled = 0;
    const app = await testApp({
      routes: async (routes) => {
        route(routes, {
          method: 'POST', url: '/v1/links/:token', operationId: 'followLink', summary: 'a public link', roles: [], public: true, perAddressPerMinute: 2,
          params: z.object({ token: z.string() }),
          responses: { 200: { description: 'followed' }, 429: { description: 'more than 2 requests a minute from this address' } },
          handler: async () => ({ handled: ++handled }),
        });
      },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'POST', url: '/v1/links/a' })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await app.inject({ method: 'POST', url: '/v1/links/b' });
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ code: 'CTP_RATE_LIMITED', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(handled).toBe(2);
    expect((await app.inject({ method: 'POST', url: '/v1/links/a', remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
    const openapi = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, { post: { responses: Record<string, { description: string }> } }> };
    expect(openapi.paths['/v1/links/{token}']!.post.responses['429']!.description).toBe('more than 2 requests a minute from this address');
    await app.close();
  });
});
