import type { RecordedEvent } from '@ctp/contracts';
import { projectEvents, type ProjectionRuntime } from '@ctp/projections';
import { testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import type { AnalyticsArea } from '../../area.js';

// The routes use the read model's db and read-your-writes wait only; the runtime is never started here.
const noRuntime = new Proxy({}, { get: () => { throw new Error('no projection runtime in a route test'); } }) as ProjectionRuntime;

/** An area's routes on a real read model of the test's own, fed the given events as the runtime would, clock at `now`. */
export function areaApp(area: AnalyticsArea, seed: string, now: Date, timeZone = 'Asia/Shanghai'): (events: readonly RecordedEvent[]) => Promise<FastifyInstance> {
  const client = new MongoClient(mongoUrl());
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
    await client.close();
  });
  return async (events) => {
    const db = client.db(uniqueName(seed));
    await projectEvents(db, area.projection, events);
    const routes = area.routes({ readModel: { db, readYourWrites: async () => undefined, runtime: noRuntime }, timeZone, clock: () => now });
    const app = await testApp({ routes });
    closers.push(() => app.close());
    return app;
  };
}
