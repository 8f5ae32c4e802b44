import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongoUrl, postgresUrl } from './server-urls.js';
import { uniqueName } from './unique.js';

/*
 * infra/ferretdb/patches/command-transaction.patch: FerretDB 1.24 runs each update of an `update` command (each
 * updateOne of a bulkWrite, so every read-model write) in a PostgreSQL transaction of its own; the patched build runs
 * a command's updates in one, and falls back to FerretDB's own way, with its results, when one of them fails.
 * The transactions are told by the rows' xmin in FerretDB's PostgreSQL tables (database `ferretdb` beside the test
 * database), so CTP_MONGO_URL must be a FerretDB on the CTP_POSTGRES_URL server.
 */
type Totals = { _id: string; position: number; events?: number };

describe("FerretDB's update command (infra/ferretdb/patches/command-transaction.patch)", () => {
  const client = new MongoClient(mongoUrl());
  const database = client.db(uniqueName('update_tx'));
  const ferretUrl = new URL(postgresUrl());
  ferretUrl.pathname = '/ferretdb';
  const backend = new pg.Client({ connectionString: ferretUrl.toString() });

  beforeAll(() => backend.connect());
  afterAll(async () => {
    await database.dropDatabase().catch(() => undefined);
    await Promise.all([client.close(), backend.end()]);
  });

  async function transactionsHolding(collection: string): Promise<number> {
    const metadata = await backend.query<{ table: string }>(`SELECT _jsonb->>'table' AS table FROM "${database.databaseName}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1`, [collection]);
    const table = metadata.rows[0]?.table;
    if (!table) throw new Error(`no PostgreSQL table for ${database.databaseName}.${collection}: CTP_MONGO_URL must be a FerretDB on the CTP_POSTGRES_URL server`);
    const { rows } = await backend.query<{ n: string }>(`SELECT count(DISTINCT xmin::text) AS n FROM "${database.databaseName}"."${table}"`);
    return Number(rows[0]?.n);
  }

  const guardedUpsert = (id: string, at: number) => ({
    updateOne: { filter: { _id: id, position: { $not: { $gte: at } } }, update: { $set: { position: at }, $inc: { events: 1 } }, upsert: true },
  });

  it('writes the 25 upserts of one bulkWrite in one transaction, inserted or updated (FerretDB as shipped: 25)', async () => {
    const totals = database.collection<Totals>('totals');
    const ids = Array.from({ length: 25 }, (_, index) => `c${index}`);

    expect((await totals.bulkWrite(ids.map((id) => guardedUpsert(id, 1)))).upsertedCount).toBe(25);
    expect(await transactionsHolding('totals')).toBe(1);

    expect((await totals.bulkWrite(ids.map((id) => guardedUpsert(id, 2)))).modifiedCount).toBe(25);
    expect(await transactionsHolding('totals')).toBe(1);
    expect(await totals.countDocuments({ position: 2, events: 2 })).toBe(25);
  });

  it("keeps FerretDB's result when an update fails: the writes before it once, none after it", async () => {
    const totals: Collection<Totals> = database.collection<Totals>('guarded');
    await totals.insertMany(['d0', 'd1', 'd2'].map((_id) => ({ _id, position: 10 })));

    const missed = totals.bulkWrite([guardedUpsert('d0', 11), guardedUpsert('d1', 5), guardedUpsert('d2', 11), guardedUpsert('n1', 1)], { ordered: false });

    await expect(missed).rejects.toSatisfy((error: unknown) => error instanceof MongoServerError && error.code === 11000);
    expect(await totals.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'd0', position: 11, events: 1 },
      { _id: 'd1', position: 10 },
      { _id: 'd2', position: 10 },
    ]);
  });

  it("lets an update see the command's earlier updates of the same document", async () => {
    const counters = database.collection<{ _id: string; n: number; first: boolean }>('counters');
    const increment = (first: boolean) => ({ updateOne: { filter: { _id: 'a' }, update: { $inc: { n: 1 }, $setOnInsert: { first } }, upsert: true } });

    const result = await counters.bulkWrite([increment(true), increment(false)]);

    expect(result.upsertedCount).toBe(1);
    expect(await counters.find().toArray()).toEqual([{ _id: 'a', n: 2, first: true }]);
  });
});
