import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerHistory } from '../audit/test-support/audit-fixture.js';
import { eventRoutes } from './event-routes.js';

describe('the events behind a figure', () => {
  let stores: ProtectedStores;
  let app: FastifyInstance;
  let positions: string[];

  beforeAll(async () => {
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema: uniqueName('analytics_events'), masterKey: randomBytes(32).toString('base64') });
    await stores.store.append('customer-C-E1', customerHistory('C-E1', 2), { expectedRevision: 'no_stream' });
    positions = (await stores.reader.readAll({ after: null, limit: 10 })).map((event) => event.globalPosition);
    app = await testApp({ routes: eventRoutes(stores.reader) });
  });
  afterAll(async () => {
    await app?.close();
    await stores?.close();
  });

  const get = (query: string, role: Parameters<typeof bearer>[0] = 'analyst') => app.inject({ method: 'GET', url: `/v1/analytics/events?${query}`, headers: bearer(role) });

  it('answers the stored events at the positions a drill link names, in order, personal fields as ciphertext, and names the empty ones', async () => {
    const [first, , third] = positions as [string, string, string];
    const response = await get(`positions=${third},${first},99999,${first}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { events: { globalPosition: string; type: string; data: Record<string, unknown> }[]; missing: string[] };
    expect(body.events.map((event) => [event.globalPosition, event.type])).toEqual([[first, 'CustomerRegistered'], [third, 'InteractionRecorded']]);
    expect(JSON.stringify(body.events[0]!.data)).not.toContain('Li Wei');
    expect(body.missing).toEqual(['99999']);
  });

  it('refuses a bad position naming the field, and a role that reads no figures', async () => {
    const bad = await get('positions=12,x');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.json())).toContain('query.positions');
    expect((await get(`positions=${positions[0]}`, 'integrator')).statusCode).toBe(403);
  });
});
