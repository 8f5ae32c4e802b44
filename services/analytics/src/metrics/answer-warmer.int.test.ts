import { checkpointsCollectionName, projectEvents } from '@ctp/projections';
import type { Logger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorded } from '../test-support/recorded-events.js';
import { tiersArea } from '../tiers/index.js';
import { tierEvents } from '../tiers/test-support/tier-events.js';
import { readSideVersion, useAnswerCache } from './answer-cache.js';
import { answerWarmer } from './answer-warmer.js';

const distribution = '/v1/analytics/tiers/distribution?from=2026-01&to=2026-03&groupBy=tier';
const refused = '/v1/analytics/tiers/distribution?from=2026-13';
const goldCustomers = (body: string) => (JSON.parse(body) as { rows: { tier: string; customers: number }[] }).rows.find(({ tier }) => tier === 'gold')?.customers ?? 0;

describe('answers counted ahead of their readers', () => {
  const client = new MongoClient(mongoUrl());
  const logged: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const log = (level: string) => (fields: Record<string, unknown>, message: string) => void logged.push({ level, message, fields });
  const logger = { info: log('info'), warn: log('warn') } as unknown as Logger;
  let db: Db;
  let app: FastifyInstance;
  let saves = 0;
  const assign = async (customerId: string, position: number) => {
    await projectEvents(db, tiersArea.projection, [recorded(`tier-${customerId}`, tierEvents(customerId).assigned('gold'), '2026-01-10T02:00:00Z', position)]);
    saves += 1;
    await db.collection<{ _id: string }>(checkpointsCollectionName).updateOne({ _id: 'analytics-tiers:t:0' }, { $set: { projection: tiersArea.projection.name, version: 1, saves } }, { upsert: true });
  };
  const kept = () => app.inject({ url: distribution, headers: { ...bearer('analyst'), 'cache-control': 'only-if-cached' } });
  const keptGold = (gold: number) => eventually(async () => {
    const answer = await kept();
    return answer.statusCode === 200 && goldCustomers(answer.body) === gold ? answer : undefined;
  }, `a kept answer with ${gold} gold customers`, () => JSON.stringify(logged));
  const warmer = () => answerWarmer({
    app: () => app,
    key: bearer('analyst').authorization.slice('Bearer '.length),
    requests: () => [distribution, refused],
    state: readSideVersion(db, [tiersArea.projection.name]),
    intervalMs: 0,
    pollMs: 20,
    logger,
  });

  beforeAll(async () => {
    db = client.db(uniqueName('analytics_answer_warmer'));
    await assign('C-1', 1);
    const context = { readModel: { db, readYourWrites: async () => undefined }, timeZone: 'Asia/Shanghai', clock: () => new Date('2026-04-15T00:00:00Z') };
    app = await testApp({
      routes: async (root) => {
        useAnswerCache(root, { version: readSideVersion(db, [tiersArea.projection.name]), today: () => '2026-04-15', now: Date.now });
        await root.register(tiersArea.routes(context));
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await db.dropDatabase();
    await client.close();
  });

  it('keeps the answers before anyone asks, counts them again once the read side moved, and names what it could not count', async () => {
    expect((await kept()).statusCode).toBe(504);
    const work = warmer();
    await work.start();
    try {
      const first = await keptGold(1);
      expect(first.headers['x-ctp-answer']).toBe('cached');
      await assign('C-2', 2);
      await keptGold(2);
    } finally {
      await work.stop();
    }
    const rounds = logged.filter(({ message }) => message.startsWith('answers counted ahead of their readers'));
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    expect(rounds.every(({ level, fields }) => level === 'warn' && (fields.refused as string[]).join() === `${refused}: 400`)).toBe(true);
  });

  it('stops between two requests of a round and counts nothing after', async () => {
    const work = warmer();
    await work.start();
    await work.stop();
    const before = logged.length;
    await assign('C-3', 3);
    expect((await kept()).statusCode).toBe(504);
    expect(logged.length).toBe(before);
  });
});
