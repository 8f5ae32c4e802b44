import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from '../http/route.js';
import { bearer, testApp } from '../test-support/test-app.js';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('problems fastify itself finds: unknown methods, bad URLs, over-long parameters', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({
      routes: async (routes) => {
        const roles = { config: { roles: ['admin' as const] } };
        routes.get('/v1/customers/:customerId/access-log', roles, async () => ({ accesses: [] }));
        routes.post('/v1/customers/:customerId/access-log', roles, async () => ({ ok: true }));
        routes.put('/v1/settings', roles, async () => ({ ok: true }));
        route(routes, {
          method: 'GET', url: '/v1/orders/:orderId', operationId: 'getOrder', summary: 'one order', roles: ['admin'],
          params: z.object({ orderId: z.string().max(100) }), responses: { 200: { description: 'the order' } }, handler: async () => ({}),
        });
      },
    });
  });
  afterAll(() => app.close());

  it.each(['QUERY', 'DELETE', 'PATCH', 'PROPFIND'])('answers %s on a declared path with 405 and the declared methods in Allow', async (method) => {
    const response = await app.inject({ method: method as 'GET', url: '/v1/customers/0/access-log?x=1', headers: bearer('admin') });
    expect(response.statusCode).toBe(405);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
    expect(response.json()).toMatchObject({ code: 'CTP_METHOD_NOT_ALLOWED', status: 405, instance: '/v1/customers/0/access-log?x=1' });
  });

  it('answers 405 before asking for an API key, and lists only the methods of that path', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/settings' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('PUT');
  });

  it.each(['QUERY', 'GET', 'DELETE'])('answers %s on an unknown path with 404 problem+json', async (method) => {
    const response = await app.inject({ method: method as 'GET', url: '/v1/nowhere', headers: bearer('admin') });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.headers.allow).toBeUndefined();
    expect(response.json()).toMatchObject({ code: 'CTP_NOT_FOUND' });
  });

  it('answers a bad percent-encoding with 400 CTP_MALFORMED_REQUEST', async () => {
    const response = await app.inject({ url: '/v1/customers/%E0%A4%A/access-log', headers: bearer('admin') });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.json()).toMatchObject({ code: 'CTP_MALFORMED_REQUEST', status: 400, instance: '/v1/customers/%E0%A4%A/access-log' });
  });

  it("leaves a parameter of up to 1,000 characters to the route's schema, which names it", async () => {
    const response = await app.inject({ url: `/v1/orders/${'a'.repeat(1_000)}`, headers: bearer('admin') });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'CTP_VALIDATION_FAILED', errors: [{ path: 'params.orderId' }] });
  });

  it('answers a path parameter over 1,000 characters with 414 CTP_URI_TOO_LONG', async () => {
    const response = await app.inject({ url: `/v1/customers/${'a'.repeat(1_001)}/access-log`, headers: bearer('admin') });
    expect(response.statusCode).toBe(414);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.json()).toMatchObject({ code: 'CTP_URI_TOO_LONG', status: 414 });
  });
});
