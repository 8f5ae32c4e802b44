import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, testApp } from '../test-support/test-app.js';
import { problems } from './catalogue.js';
import { ProblemError } from './problem.js';
import { parseRequest } from './validate.js';

interface LogLine {
  level: number;
  msg: string;
  code?: string;
  err?: { stack?: string };
}

describe('problem+json errors', () => {
  let app: FastifyInstance;
  const logged: LogLine[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(...chunk.toString().trim().split('\n').map((line) => JSON.parse(line) as LogLine));
      done();
    },
  });
  const body = z.object({ name: z.string().min(1), items: z.array(z.object({ amount: z.string().regex(/^\d+\.\d{2}$/) })) });
  beforeAll(async () => {
    app = await testApp({
      bodyLimitBytes: 200,
      logger: pino({ level: 'info' }, logs),
      routes: async (routes) => {
        routes.post('/v1/things', { config: { roles: ['admin'] } }, async (request) => parseRequest(body, request.body, 'body'));
        routes.get('/v1/boom', { config: { roles: ['admin'] } }, async () => {
          throw new Error('database password is hunter2');
        });
        routes.get('/v1/database-away', { config: { roles: ['admin'] } }, async () => {
          throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        });
        routes.get('/v1/lagging', { config: { roles: ['admin'] } }, async () => {
          throw new ProblemError(problems.CTP_NOT_READY, 'the read model has not reached 42 yet; retry');
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
    const personal = await app.inject({ method: 'POST', url: '/v1/things', headers: { ...bearer('admin'), 'content-type': 'application/json' }, payload: '{"name": "Jane Doe", secret' });
    expect(personal.statusCode).toBe(400);
    expect(personal.body).not.toMatch(/Jane|secret/);
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

  it('answers 503 with retry-after, and no detail of the server, while a server the request needs is away', async () => {
    const response = await app.inject({ url: '/v1/database-away', headers: bearer('admin') });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'CTP_NOT_READY' });
    expect(response.body).not.toContain('administrator');
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const response = await app.inject({ url: '/v1/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'CTP_NOT_FOUND' });
  });

  it('logs an expected 503 without a stack and below error level, and the unexpected as an error with its stack', async () => {
    logged.length = 0;
    const lagging = await app.inject({ url: '/v1/lagging', headers: bearer('admin') });
    expect(lagging.statusCode).toBe(503);
    expect(lagging.json()).toMatchObject({ code: 'CTP_NOT_READY' });
    const notReady = logged.filter((line) => line.code === 'CTP_NOT_READY');
    expect(notReady).toEqual([expect.objectContaining({ level: 30, msg: 'the read model has not reached 42 yet; retry' })]);
    expect(notReady[0]!.err).toBeUndefined();

    logged.length = 0;
    await app.inject({ url: '/v1/boom', headers: bearer('admin') });
    const failures = logged.filter((line) => line.level >= 50);
    expect(failures).toEqual([expect.objectContaining({ msg: 'request failed' })]);
    expect(failures[0]!.err?.stack).toContain('database password is hunter2');
  });
});
