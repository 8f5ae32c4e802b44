import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, testApp } from '../test-support/test-app.js';
import { parseRequest } from './validate.js';

describe('problem+json errors', () => {
  let app: FastifyInstance;
  const body = z.object({ name: z.string().min(1), items: z.array(z.object({ amount: z.string().regex(/^\d+\.\d{2}$/) })) });
  beforeAll(async () => {
    app = await testApp({
      bodyLimitBytes: 200,
      routes: async (routes) => {
        routes.post('/v1/things', { config: { roles: ['admin'] } }, async (request) => parseRequest(body, request.body, 'body'));
        routes.get('/v1/boom', { config: { roles: ['admin'] } }, async () => {
          throw new Error('database password is hunter2');
        });
      },
    });
  });
  afterAll(() => app.close());

  it('lists every invalid field with its path', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/things', headers: bearer('admin'), payload: { name: '', items: [{ amount: '1.00' }, { amount: 2 }] } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      type: 'urn:ctp:problem:ctp-validation-failed',
      code: 'CTP_VALIDATION_FAILED',
      instance: '/v1/things',
      errors: [
        { path: 'body.name', message: expect.any(String) },
        { path: 'body.items[1].amount', message: expect.any(String) },
      ],
    });
  });

  it('answers malformed JSON with 400, an oversized body with 413', async () => {
    const malformed = await app.inject({ method: 'POST', url: '/v1/things', headers: { ...bearer('admin'), 'content-type': 'application/json' }, payload: '{"name":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'CTP_MALFORMED_BODY' });
    const oversized = await app.inject({ method: 'POST', url: '/v1/things', headers: bearer('admin'), payload: { name: 'x'.repeat(500), items: [] } });
    expect(oversized.statusCode).toBe(413);
    expect(oversized.json()).toMatchObject({ code: 'CTP_PAYLOAD_TOO_LARGE' });
  });

  it('hides the details of unexpected errors', async () => {
    const response = await app.inject({ url: '/v1/boom', headers: bearer('admin') });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'CTP_INTERNAL' });
    expect(response.body).not.toContain('hunter2');
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const response = await app.inject({ url: '/v1/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'CTP_NOT_FOUND' });
  });
});
