import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from '../http/route.js';
import { bearer, testApp } from '../test-support/test-app.js';
import { guardPositions } from './position-guard.js';
import { readYourWritesQuery } from './read-your-writes.js';

describe('positions no command answered', () => {
  const handled: string[] = [];
  /** The store's newest committed position. */
  let head = '150';
  let reads = 0;
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({
      routes: async (routes) => {
        guardPositions(routes, { newestPosition: async () => {
          reads += 1;
          return head;
        } });
        route(routes, {
          method: 'GET', url: '/v1/things', operationId: 'getThings', summary: 'things', roles: ['agent'],
          query: z.object({ ...readYourWritesQuery }),
          responses: { 200: { description: 'things', schema: z.object({ read: z.boolean() }) } },
          handler: async () => {
            handled.push('get');
            return { read: true };
          },
        });
        route(routes, {
          method: 'POST', url: '/v1/samples', operationId: 'drawSample', summary: 'a sample', roles: ['agent'],
          body: z.object({ size: z.int(), ...readYourWritesQuery }),
          responses: { 200: { description: 'drawn', schema: z.object({ drawn: z.boolean() }) } },
          handler: async () => {
            handled.push('post');
            return { drawn: true };
          },
        });
        route(routes, {
          method: 'GET', url: '/v1/plain', operationId: 'getPlain', summary: 'no read model', roles: ['agent'],
          responses: { 200: { description: 'plain', schema: z.object({ plain: z.boolean() }) } },
          handler: async () => ({ plain: true }),
        });
      },
    });
  });
  afterAll(() => app.close());

  it('refuses at once a minPosition beyond the store\'s newest with a 400 naming it, before the route runs', async () => {
    handled.length = 0;
    const beyond = await app.inject({ url: '/v1/things?minPosition=18446744073709551615', headers: bearer('agent') });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json()).toMatchObject({ code: 'CTP_VALIDATION_FAILED', errors: [{ path: 'query.minPosition', message: 'is beyond the newest position in the store (150): no command answered it' }] });
    const inBody = await app.inject({ method: 'POST', url: '/v1/samples', headers: bearer('agent'), payload: { size: 3, minPosition: '151' } });
    expect(inBody.statusCode).toBe(400);
    expect(inBody.json()).toMatchObject({ errors: [{ path: 'body.minPosition' }] });
    expect(handled).toEqual([]);
  });

  it('reads the newest position again for a position beyond the one read before: a command answered it meanwhile', async () => {
    handled.length = 0;
    head = '160';
    expect((await app.inject({ url: '/v1/things?minPosition=160', headers: bearer('agent') })).json()).toEqual({ read: true });
    const readsBefore = reads;
    expect((await app.inject({ url: '/v1/things?minPosition=155', headers: bearer('agent') })).json()).toEqual({ read: true });
    expect(reads, 'a position at or below one read before costs no query').toBe(readsBefore);
    expect(handled).toEqual(['get', 'get']);
  });

  it('names every bad field first: a request refused by the route\'s schema lists its own problems', async () => {
    const refused = await app.inject({ method: 'POST', url: '/v1/samples', headers: bearer('agent'), payload: { size: 'three', minPosition: '151' } });
    expect(refused.json()).toMatchObject({ code: 'CTP_VALIDATION_FAILED', errors: [{ path: 'body.size' }] });
  });

  it('lets a position the store holds through, and leaves a malformed one to the route', async () => {
    handled.length = 0;
    expect((await app.inject({ url: '/v1/things?minPosition=150', headers: bearer('agent') })).json()).toEqual({ read: true });
    expect((await app.inject({ method: 'POST', url: '/v1/samples', headers: bearer('agent'), payload: { size: 3, minPosition: '7' } })).json()).toEqual({ drawn: true });
    const malformed = await app.inject({ url: '/v1/things?minPosition=soon', headers: bearer('agent') });
    expect(malformed.json()).toMatchObject({ code: 'CTP_VALIDATION_FAILED', errors: [{ path: 'query.minPosition', message: expect.not.stringContaining('newest position') }] });
    expect(handled).toEqual(['get', 'post']);
  });

  it('asks for a key first: an unknown caller gets 401 whatever its minPosition', async () => {
    expect((await app.inject({ url: '/v1/things?minPosition=151' })).statusCode).toBe(401);
  });

  it('documents the 503 of a wait on every route taking a minPosition, and only there', async () => {
    const { paths } = (await app.inject({ url: '/openapi.json' })).json();
    expect(paths['/v1/things'].get.responses['503'].content['application/problem+json']).toBeDefined();
    expect(paths['/v1/samples'].post.responses['503']).toBeDefined();
    expect(Object.keys(paths['/v1/plain'].get.responses)).not.toContain('503');
  });
});
