import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, testApp, testKeys } from '../test-support/test-app.js';

describe('API key authentication', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({
      routes: async (routes) => {
        routes.get('/v1/secret', { config: { roles: ['analyst', 'admin'] } }, async (request) => ({ role: request.principal?.role }));
      },
    });
  });
  afterAll(() => app.close());

  it('lets an allowed role through', async () => {
    const response = await app.inject({ url: '/v1/secret', headers: bearer('analyst') });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ role: 'analyst' });
  });

  it('accepts the key in x-api-key too', async () => {
    const response = await app.inject({ url: '/v1/secret', headers: { 'x-api-key': testKeys.admin } });
    expect(response.statusCode).toBe(200);
  });

  it('answers 401 problem+json without a key or with an unknown one', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }]) {
      const response = await app.inject({ url: '/v1/secret', headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'CTP_UNAUTHENTICATED', status: 401, errors: [{ path: 'header.authorization' }] });
    }
  });

  it('answers 403 for a role that is not allowed', async () => {
    const response = await app.inject({ url: '/v1/secret', headers: bearer('integrator') });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CTP_FORBIDDEN' });
  });

  it('refuses to register a route that declares no roles', async () => {
    await expect(
      testApp({
        routes: async (routes) => {
          routes.get('/v1/open-by-mistake', async () => 'oops');
        },
      }),
    ).rejects.toThrow(/declares no roles/);
  });
});
