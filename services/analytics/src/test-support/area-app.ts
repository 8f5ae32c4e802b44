import type { RecordedEvent } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import { testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import { afterAll } from 'vitest';
import type { AnalyticsArea, AreaContext } from '../area.js';

export interface AreaApp {
  readonly app: FastifyInstance;
  /** Applies events to the area's read model as the runtime would. */
  project(events: readonly RecordedEvent[]): Promise<void>;
}

/** An area's context on `db`, its writes read as soon as made, the clock at `now`. */
export const areaContext = (db: Db, timeZone: string, now: Date): AreaContext => ({ readModel: { db, readYourWrites: async () => undefined }, timeZone, clock: () => now });

/** An area's routes on a real read model of the test's own (FerretDB), fed `events` as the runtime would, the clock at `now`. */
export function areaApp(area: AnalyticsArea, seed: string, now: Date, timeZone = 'Asia/Shanghai'): (events?: readonly RecordedEvent[]) => Promise<AreaApp> {
  const client = new MongoClient(mongoUrl());
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
    await client.close();
  });
  return async (events = []) => {
    const db = client.db(uniqueName(seed));
    const project = async (more: readonly RecordedEvent[]) => void (await projectEvents(db, area.projection, more));
    await project(events);
    const app = await testApp({ routes: area.routes(areaContext(db, timeZone, now)) });
    closers.push(() => app.close());
    return { app, project };
  };
}
