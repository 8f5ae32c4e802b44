import { streamIdFor } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import { createLogger, type BackgroundWork } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, mongoUrl, postgresUrl, wholeFeed } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintFactProjection } from '../complaints/complaint-fact-projection.js';
import { feedbackMonthFollower } from '../figure-months/index.js';
import { readFigureMonthsHead } from '../figure-months/month-store.js';
import { feedbackHistory } from '../figure-months/test-support/feedback-history.js';
import { retentionMonthFollower } from '../retention/index.js';
import { customerProjection } from '../retention/customer-projection.js';
import { readRetentionMonthsHead } from '../retention/retention-month-store.js';
import { customerEvents } from '../retention/test-support/customer-events.js';
import { invitationProjection } from '../satisfaction/invitation-projection.js';
import { serviceLevelMonthFollower } from '../service-levels/index.js';
import { readServiceLevelMonthsHead } from '../service-levels/service-level-month-store.js';
import { serviceLevelProjection } from '../service-levels/service-level-projection.js';
import { followerStores, type TimedStreamEvent } from '../test-support/follower-stores.js';
import { ensurePlanTargets } from './plan-targets.js';
import { targetProjection } from './target-projection.js';
import { targetRoutes } from './target-routes.js';

/** Customers with 1 to 4 purchases over 2025 and early 2026 (TARGET_TIMING_CUSTOMERS, 2,000 unless set); calls timed (TARGET_TIMING_CALLS, 10). */
const customers = Number(process.env['TARGET_TIMING_CUSTOMERS'] ?? 2_000);
const calls = Number(process.env['TARGET_TIMING_CALLS'] ?? 10);
const timeZone = 'Asia/Shanghai';
const dayMs = 86_400_000;
const published = new Date('2026-04-10T02:00:00Z');

function purchases(index: number): TimedStreamEvent[] {
  const customerId = `T-${index}`;
  const streamId = streamIdFor('customer', customerId);
  const registered = { streamId, event: customerEvents(customerId).registered('2024-06-01'), at: '2024-12-01T02:00:00.000Z' };
  const days = Array.from({ length: 1 + (index % 4) }, (_, n) => ((index * 37 + n * 101) % 450));
  return [registered, ...days.sort((a, b) => a - b).map((day, n) => ({ streamId, event: customerEvents(customerId).purchased(`T-${index}-${n}`), at: new Date(Date.UTC(2025, 0, 1) + day * dayMs).toISOString() }))];
}

/**
 * Times the list of the plan targets with their progress over the month documents the three month followers keep
 * (as the service has them once caught up), and counts the MongoDB commands each list sends; asserts only that it answers.
 */
describe(`the targets list over ${customers} customers' purchases`, () => {
  const stores = followerStores('target_timing', 'test');
  const monitored = new MongoClient(mongoUrl(), { monitorCommands: true });
  let commands = 0;
  let now = published;
  let app: FastifyInstance;
  const running: BackgroundWork[] = [];

  beforeAll(async () => {
    await monitored.connect();
    monitored.on('commandStarted', () => void (commands += 1));
    const { store, db, schema } = await stores.fresh();
    const head = await stores.append([...feedbackHistory(21), ...Array.from({ length: customers }, (_, i) => purchases(i + 1)).flat()]);
    const feed = await wholeFeed(store);
    for (let first = 0; first < feed.length; first += 5_000) {
      const batch = feed.slice(first, first + 5_000);
      await projectEvents(db, invitationProjection, batch);
      await projectEvents(db, complaintFactProjection, batch);
      await projectEvents(db, customerProjection, batch);
      await projectEvents(db, serviceLevelProjection, batch);
    }
    const deps = { history: store, db, timeZone, eventStoreUrl: postgresUrl(), schema, clock: () => new Date(), logger: createLogger('analytics', 'warn'), retryMs: 100 };
    running.push(feedbackMonthFollower(deps), retentionMonthFollower(deps), serviceLevelMonthFollower(deps));
    for (const work of running) await work.start();
    for (const [name, read] of [['feedback', readFigureMonthsHead], ['retention', readRetentionMonthsHead], ['service-level', readServiceLevelMonthsHead]] as const) {
      await eventually(async () => ((await read(db, timeZone))?.position === head ? true : undefined), `the ${name} months at ${head}`, () => '', 600_000);
    }
    await ensurePlanTargets({ events: store, timeZone, clock: () => published });
    await projectEvents(db, targetProjection, await wholeFeed(store, head));
    const view = { db: monitored.db(db.databaseName), readYourWrites: async () => undefined };
    app = await testApp({ routes: targetRoutes({ events: store, readModels: { targets: view, satisfaction: view, complaints: view, serviceLevels: view, retention: view }, timeZone, clock: () => now }) });
  }, 1_800_000);
  afterAll(async () => {
    for (const work of running) await work.stop();
    await app?.close();
    await monitored.close();
    await stores.cleanUp();
  });

  it('prints the time and the commands of the list the day it was published and three months on', async () => {
    for (const day of [published, new Date(published.getTime() + 91 * dayMs)]) {
      now = day;
      const ms: number[] = [];
      let sent = 0;
      for (let call = 0; call < calls; call += 1) {
        commands = 0;
        const started = performance.now();
        const response = await app.inject({ url: '/v1/analytics/targets', headers: bearer('analyst') });
        ms.push(performance.now() - started);
        sent = commands;
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().targets).toHaveLength(6);
      }
      ms.sort((a, b) => a - b);
      process.stdout.write(`targets list at ${day.toISOString().slice(0, 10)}, ${customers} customers: p50 ${ms[Math.floor(calls / 2)]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms (${calls} calls), ${sent} MongoDB commands a list\n`);
    }
  }, 600_000);
});
