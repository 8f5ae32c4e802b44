import { MongoClient, type FindCursor } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServers, type FreshServers } from '../fresh-start/fresh-servers.js';

/*
 * FerretDB 1.24 as shipped holds one connection of its PostgreSQL pool (pool_max_conns=150, infra/lib/ferretdb.sh)
 * for every open cursor until the cursor is drained; once open cursors hold the whole pool, the next query waits
 * for a connection forever, and so does every later one, even after the client is gone. infra/ferretdb/patches
 * gives the connection back as soon as a query's rows are read. On servers of its own: an unpatched FerretDB
 * would stop answering for good, and the shared one must never.
 */
const openCursors = 200;
const documents = 150; // more than a first batch (101), so each find leaves a cursor open

describe('FerretDB under more open cursors than its PostgreSQL pool has connections', () => {
  let servers: FreshServers;
  let client: MongoClient;

  beforeAll(async () => {
    servers = await freshServers();
    await servers.up('postgres', 'ferretdb');
    client = new MongoClient(`mongodb://127.0.0.1:${servers.ports.mongo}/?maxPoolSize=10`, { serverSelectionTimeoutMS: 10_000 });
  }, 300_000);

  afterAll(async () => {
    await client?.close(true);
    await servers?.destroy();
  }, 120_000);

  it('keeps answering and drains every cursor (unpatched, the find after the 150th open cursor never answers)', async () => {
    const docs = client.db('pool').collection<{ _id: string; n: number }>('docs');
    await docs.insertMany(Array.from({ length: documents }, (_, n) => ({ _id: `d${String(n).padStart(3, '0')}`, n })));

    const cursors: FindCursor<{ _id: string; n: number }>[] = [];
    for (let index = 0; index < openCursors; index++) {
      const cursor = docs.find({}).sort({ _id: 1 });
      expect((await cursor.next())?._id).toBe('d000');
      cursors.push(cursor);
    }

    expect(await docs.findOne({ _id: 'd042' })).toEqual({ _id: 'd042', n: 42 });
    const rests = await Promise.all(cursors.map((cursor) => cursor.toArray()));
    expect(rests.every((rest) => rest.length === documents - 1)).toBe(true);
  }, 300_000);
});
