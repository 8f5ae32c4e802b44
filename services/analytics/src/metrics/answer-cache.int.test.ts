import { checkpointsCollectionName, projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorded } from '../test-support/recorded-events.js';
import { tiersArea } from '../tiers/index.js';
import { tierEvents } from '../tiers/test-support/tier-events.js';
import { readSideVersion, useAnswerCache } from './answer-cache.js';

const url = '/v1/analytics/tiers/distribution?from=2026-01&to=2026-03&groupBy=tier';
const goldCustomers = (body: string) => (JSON.parse(body) as { rows: { tier: string; customers: number }[] }).rows.find(({ tier }) => tier === 'gold')?.customers ?? 0;

describe('answers kept while the read side applies nothing new', () => {
  const client = new MongoClient(mongoUrl());
  let db: Db;
  let app: FastifyInstance;
  let today = '2026-04-15';
  let nowMs = Date.parse('2026-04-15T02:00:00Z');
  const checkpoint = (saves: number) =>
    db.collection<{ _id: string }>(checkpointsCollectionName).updateOne({ _id: 'analytics-tiers:t:0' }, { $set: { projection: tiersArea.projection.name, version: 1, saves } }, { upsert: true });
  const get = (path: string, role: 'analyst' | 'auditor' = 'analyst', headers: Record<string, string> = {}) => app.inject({ url: path, headers: { ...bearer(role), ...headers } });
  const assign = (customerId: string, position: number) => projectEvents(db, tiersArea.projection, [recorded(`tier-${customerId}`, tierEvents(customerId).assigned('gold'), '2026-01-10T02:00:00Z', position)]);

  beforeAll(async () => {
    db = client.db(uniqueName('analytics_answer_cache'));
    await assign('C-1', 1);
    await checkpoint(1);
    const context = { readModel: { db, readYourWrites: async () => undefined }, timeZone: 'Asia/Shanghai', clock: () => new Date(`${today}T00:00:00Z`) };
    app = await testApp({
      routes: async (root) => {
        useAnswerCache(root, { version: readSideVersion(db, [tiersArea.projection.name]), today: () => today, now: () => nowMs });
        await root.register(tiersArea.routes(context));
        let counts = 0;
        root.get('/v1/test/behind', { config: { roles: ['analyst'] } }, async (_request, reply) => reply.header('cache-control', 'no-store').send({ counts: (counts += 1) }));
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await db.dropDatabase();
    await client.close();
  });

  it('counts once, then answers the same bytes from memory', async () => {
    const first = await get(url);
    expect(first.headers['x-ctp-answer']).toBe('counted');
    expect(goldCustomers(first.body)).toBe(1);
    const second = await get(url);
    expect(second.headers['x-ctp-answer']).toBe('cached');
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(second.body).toBe(first.body);
  });

  it('counts again once a checkpoint of the read side is saved (a batch applied)', async () => {
    await assign('C-2', 2);
    await checkpoint(2);
    const answer = await get(url);
    expect(answer.headers['x-ctp-answer']).toBe('counted');
    expect(goldCustomers(answer.body)).toBe(2);
  });

  it('serves the kept answer to every role that may call the route, and refuses the others before it', async () => {
    const counted = await get(url);
    const auditors = await get(url, 'auditor');
    expect(auditors.headers['x-ctp-answer']).toBe('cached');
    expect(auditors.body).toBe(counted.body);
    expect((await app.inject({ url, headers: bearer('agent') })).statusCode).toBe(403);
  });

  it('always counts a request that reads its write, another query and another business date', async () => {
    await get(url);
    expect((await get(`${url}&minPosition=2`)).headers['x-ctp-answer']).toBe('counted');
    expect((await get(`${url}&format=csv`)).headers['x-ctp-answer']).toBe('counted');
    expect((await get(`${url}&format=csv`)).headers['content-type']).toMatch(/^text\/csv/);
    today = '2026-04-16';
    expect((await get(url)).headers['x-ctp-answer']).toBe('counted');
  });

  it('answers a client that takes an older count (max-stale) at once, and counts again in the background for the next', async () => {
    const counted = await get(url);
    await assign('C-3', 3);
    await checkpoint(3);
    nowMs += 30_000;
    const stale = await get(url, 'analyst', { 'cache-control': 'max-stale=60' });
    expect(stale.headers['x-ctp-answer']).toBe('stale');
    expect(stale.headers.age).toBe('30');
    expect(stale.body).toBe(counted.body);
    // The recount runs after the stale answer was sent: asked the same way, the service answers stale until it has
    // kept the recount, then cached. Were there no recount, this would wait until the test's time limit.
    const takingStale = () => get(url, 'analyst', { 'cache-control': 'max-stale=60' });
    let answer = await takingStale();
    while (answer.headers['x-ctp-answer'] === 'stale') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answer = await takingStale();
    }
    expect(answer.headers['x-ctp-answer']).toBe('cached');
    expect(goldCustomers(answer.body)).toBe(goldCustomers(counted.body) + 1);
  });

  it('counts when the kept answer is older than the client takes, or the client takes no older count', async () => {
    await get(url);
    await assign('C-4', 4);
    await checkpoint(4);
    nowMs += 61_000;
    expect((await get(url, 'analyst', { 'cache-control': 'max-stale=60' })).headers['x-ctp-answer']).toBe('counted');
    await assign('C-5', 5);
    await checkpoint(5);
    expect((await get(url, 'analyst', { 'cache-control': 'no-cache' })).headers['x-ctp-answer']).toBe('counted');
  });

  it('answers only-if-cached with the kept answer, or 504 CTP_NOT_KEPT without counting', async () => {
    await get(url);
    const kept = await get(url, 'analyst', { 'cache-control': 'only-if-cached' });
    expect(kept.headers['x-ctp-answer']).toBe('cached');
    await assign('C-6', 6);
    await checkpoint(6);
    const none = await get(url, 'analyst', { 'cache-control': 'only-if-cached' });
    expect(none.statusCode).toBe(504);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.json()).toMatchObject({ code: 'CTP_NOT_KEPT' });
    // Nothing was counted: asked again the same way, still none.
    expect((await get(url, 'analyst', { 'cache-control': 'only-if-cached' })).statusCode).toBe(504);
    const { paths } = (await get('/openapi.json')).json();
    expect(Object.keys(paths['/v1/analytics/tiers/distribution'].get.responses)).toContain('504');
  });

  it('counts again for a client that asks no-cache, though the kept answer is current', async () => {
    await get(url);
    expect((await get(url)).headers['x-ctp-answer']).toBe('cached');
    expect((await get(url, 'analyst', { 'cache-control': 'no-cache' })).headers['x-ctp-answer']).toBe('counted');
    expect((await get(url)).headers['x-ctp-answer']).toBe('cached');
  });

  it('keeps no answer its route marks no-store (one it knows is behind the read side, as churn\'s kept counts)', async () => {
    const [first, second] = [await get('/v1/test/behind'), await get('/v1/test/behind')];
    expect([first.headers['x-ctp-answer'], second.headers['x-ctp-answer'], second.json().counts]).toEqual(['counted', 'counted', first.json().counts + 1]);
  });

  it('keeps no refusal', async () => {
    expect((await get('/v1/analytics/tiers/distribution?from=2026-13')).statusCode).toBe(400);
    expect((await get('/v1/analytics/tiers/distribution?from=2026-13')).headers['x-ctp-answer']).toBe('counted');
  });
});
