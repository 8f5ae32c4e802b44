import { toGlobalPosition, type GlobalPosition } from '@ctp/contracts';
import { ProjectionWaitTimeoutError } from '@ctp/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.js';
import { bearer, testApp } from '../test-support/test-app.js';
import { readYourWrites, readYourWritesQuery, type PositionWaiter } from './read-your-writes.js';

/** A read model that has applied everything up to `applied`. */
function readModelAt(applied: bigint, asked: { position: GlobalPosition; timeoutMs: number }[]): PositionWaiter {
  return {
    async waitForPosition(position, timeoutMs) {
      asked.push({ position, timeoutMs });
      if (BigInt(position) > applied) throw new ProjectionWaitTimeoutError('customer-summary', position, timeoutMs);
    },
  };
}

describe('read your writes', () => {
  const asked: { position: GlobalPosition; timeoutMs: number }[] = [];
  let app: FastifyInstance;
  beforeAll(async () => {
    // The read model has applied up to 100; the store holds events up to 150.
    const wait = readYourWrites(readModelAt(100n, asked), 250, async () => toGlobalPosition('150'));
    app = await testApp({
      routes: async (routes) => {
        route(routes, {
          method: 'GET', url: '/v1/things', operationId: 'getThings', summary: 'things', roles: ['agent'],
          query: z.object({ ...readYourWritesQuery }),
          responses: { 200: { description: 'things', schema: z.object({ read: z.boolean() }) } },
          handler: async ({ query }) => {
            await wait(query.minPosition);
            return { read: true };
          },
        });
      },
    });
  });
  afterAll(() => app.close());

  it('answers at once without a minPosition, and waits with the configured timeout for one', async () => {
    asked.length = 0;
    const now = await app.inject({ url: '/v1/things', headers: bearer('agent') });
    expect(now.json()).toEqual({ read: true });
    expect(asked).toEqual([]);
    const passed = await app.inject({ url: '/v1/things?minPosition=100', headers: bearer('agent') });
    expect(passed.json()).toEqual({ read: true });
    expect(asked).toEqual([{ position: '100', timeoutMs: 250 }]);
  });

  it('answers 503 CTP_NOT_READY with Retry-After when the read model has not reached the position in time', async () => {
    const lagging = await app.inject({ url: '/v1/things?minPosition=101', headers: bearer('agent') });
    expect(lagging.statusCode).toBe(503);
    expect(lagging.headers['retry-after']).toBe('1');
    expect(lagging.json()).toMatchObject({ code: 'CTP_NOT_READY', detail: 'the read model customer-summary has not reached position 101 yet; retry' });
  });

  it('refuses with a 400 a position beyond the newest in the store, which waiting cannot reach', async () => {
    const beyond = await app.inject({ url: '/v1/things?minPosition=151', headers: bearer('agent') });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json()).toMatchObject({ code: 'CTP_VALIDATION_FAILED', errors: [{ path: 'query.minPosition', message: 'is beyond the newest position in the store (150): no command answered it' }] });
    const empty = readYourWrites(readModelAt(0n, []), 250, async () => null);
    await expect(empty(toGlobalPosition('1'))).rejects.toMatchObject({ errors: [{ path: 'query.minPosition' }] });
  });

  it('refuses a minPosition that is no position with a 400 naming it', async () => {
    const refused = await app.inject({ url: '/v1/things?minPosition=soon', headers: bearer('agent') });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'CTP_VALIDATION_FAILED', errors: [{ path: 'query.minPosition' }] });
  });

  it('lets any other failure of the wait through', async () => {
    const broken = readYourWrites({ waitForPosition: () => Promise.reject(new Error('mongo went away')) }, 250);
    await expect(broken(toGlobalPosition('5'))).rejects.toThrow('mongo went away');
  });
});
