import type { RecordedEvent } from '@ctp/contracts';
import { projectEvents, type ProjectionDefinition } from '@ctp/projections';
import type { ReadYourWrites } from '@ctp/service-kit';
import { testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import { afterAll } from 'vitest';

export interface AreaReads {
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
  readonly timeZone: string;
  readonly clock: () => Date;
}

/** An area's routes on a read model of the test's own (FerretDB), fed by `project` as the runtime would; the clock at `now`. */
export function areaApp(seed: string, projection: ProjectionDefinition, routes: (reads: AreaReads) => (app: FastifyInstance) => Promise<void>, timeZone: string, now: Date) {
  const client = new MongoClient(mongoUrl());
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
    await client.close();
  });
  return async () => {
    const db = client.db(uniqueName(seed));
    const app = await testApp({ routes: routes({ db, readYourWrites: async () => undefined, timeZone, clock: () => now }) });
    closers.push(() => app.close());
    return { app, project: (events: readonly RecordedEvent[]) => projectEvents(db, projection, events) };
  };
}
