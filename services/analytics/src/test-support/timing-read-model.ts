import { activeCollection } from '@ctp/projections';
import { testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { afterAll } from 'vitest';
import type { AnalyticsArea } from '../area.js';
import { areaContext } from './area-app.js';

/**
 * A timing test's read model of its own (FerretDB): `open()` in `beforeAll` gives its database, `serve` the areas'
 * routes on it with the clock at `now`; after all the app is closed and the database dropped.
 */
export function timingReadModel(seed: string) {
  const client = new MongoClient(mongoUrl());
  let db: Db | undefined;
  let app: FastifyInstance | undefined;
  afterAll(async () => {
    await app?.close();
    await db?.dropDatabase();
    await client.close();
  });
  return {
    async open(): Promise<Db> {
      await client.connect();
      db = client.db(uniqueName(seed));
      return db;
    },
    async serve(areas: readonly Pick<AnalyticsArea, 'routes'>[], timeZone: string, now: Date): Promise<FastifyInstance> {
      if (db === undefined) throw new Error(`${seed}: open() first`);
      const context = areaContext(db, timeZone, now);
      app = await testApp({
        routes: async (instance) => {
          for (const area of areas) await instance.register(area.routes(context));
        },
      });
      return app;
    },
  };
}

/** Writes `documents` into a projection's collection as it would have kept them, 1,000 an insert. */
export async function insertFacts<T extends Document>(db: Db, projectionName: string, collectionName: string, documents: readonly OptionalUnlessRequiredId<T>[]): Promise<void> {
  const collection = await activeCollection<T>(db, projectionName, collectionName);
  for (let first = 0; first < documents.length; first += 1_000) await collection.insertMany(documents.slice(first, first + 1_000));
}
