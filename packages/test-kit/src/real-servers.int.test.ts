import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import { MongoClient, MongoServerError } from 'mongodb';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { kafkaBrokers, mongoUrl, postgresUrl } from './server-urls.js';
import { uniqueName } from './unique.js';

describe('PostgreSQL', () => {
  it('commits one transaction and rolls another back', async () => {
    const client = new pg.Client({ connectionString: postgresUrl() });
    await client.connect();
    const table = uniqueName('tx');
    try {
      await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text NOT NULL)`);
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${table} VALUES (1, 'kept')`);
      await client.query('COMMIT');
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${table} VALUES (2, 'discarded')`);
      await expect(client.query(`INSERT INTO ${table} VALUES (1, 'duplicate')`)).rejects.toThrow(/duplicate key/);
      await client.query('ROLLBACK');
      const { rows } = await client.query<{ id: number; note: string }>(`SELECT id, note FROM ${table} ORDER BY id`);
      expect(rows).toEqual([{ id: 1, note: 'kept' }]);
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    }
  });
});

describe('Kafka', () => {
  const kafka = new Kafka({ clientId: 'real-servers-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });

  async function consumeInGroup(topic: string, groupId: string, expected: number): Promise<string[]> {
    const consumer = kafka.consumer({ groupId });
    const received: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${expected}`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }: EachMessagePayload) => {
          received.push(message.value?.toString() ?? '');
          if (received.length === expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return received;
  }

  it('round-trips messages through a consumer group that remembers its offsets', async () => {
    const topic = uniqueName('roundtrip');
    const groupId = uniqueName('group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: ['one', 'two', 'three'].map((value) => ({ key: 'k', value })) });
      expect(await consumeInGroup(topic, groupId, 3)).toEqual(['one', 'two', 'three']);

      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'four' }] });
      expect(await consumeInGroup(topic, groupId, 1)).toEqual(['four']);

      const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(offsets[0]?.partitions[0]?.offset).toBe('4');
    } finally {
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

describe('MongoDB protocol server', () => {
  const client = new MongoClient(mongoUrl());
  afterAll(() => client.close());

  it('upserts with bulkWrite, enforces unique indexes and aggregates', async () => {
    const collection = client.db(uniqueName('servers')).collection<{ _id: string; region: string; total: number; orders: number; firstSeen: string; largest: number }>(uniqueName('customers'));
    try {
      await collection.createIndex({ region: 1, total: -1 });
      await collection.createIndex({ region: 1, firstSeen: 1 }, { unique: true, name: 'region_first_seen' });
      const purchase = (id: string, region: string, amount: number, at: string) => ({
        updateOne: {
          filter: { _id: id },
          update: { $inc: { total: amount, orders: 1 }, $set: { region }, $setOnInsert: { firstSeen: at }, $max: { largest: amount } },
          upsert: true,
        },
      });
      const result = await collection.bulkWrite([
        purchase('c1', 'north', 100, '2026-01-01'),
        purchase('c1', 'north', 50, '2026-02-01'),
        purchase('c2', 'north', 70, '2026-01-02'),
        purchase('c3', 'south', 20, '2026-01-03'),
      ]);
      expect(result.upsertedCount).toBe(3);
      expect(await collection.findOne({ _id: 'c1' })).toEqual({ _id: 'c1', region: 'north', total: 150, orders: 2, firstSeen: '2026-01-01', largest: 100 });

      const duplicate = collection.insertOne({ _id: 'c4', region: 'north', total: 0, orders: 0, firstSeen: '2026-01-01', largest: 0 });
      await expect(duplicate).rejects.toSatisfy((error: unknown) => error instanceof MongoServerError && error.code === 11000);

      const indexNames = (await collection.indexes()).map((index) => index.name);
      expect(indexNames).toEqual(expect.arrayContaining(['_id_', 'region_1_total_-1', 'region_first_seen']));

      // FerretDB 1.24 computes only the first accumulator of a $group (later ones read 0): one per stage.
      const revenueByRegion = await collection
        .aggregate([{ $match: { total: { $gt: 10 } } }, { $group: { _id: '$region', revenue: { $sum: '$total' } } }, { $sort: { _id: 1 } }])
        .toArray();
      expect(revenueByRegion).toEqual([
        { _id: 'north', revenue: 220 },
        { _id: 'south', revenue: 20 },
      ]);
      const customersByRegion = await collection
        .aggregate([{ $group: { _id: '$region', customers: { $sum: 1 } } }, { $sort: { customers: -1 } }, { $limit: 1 }])
        .toArray();
      expect(customersByRegion).toEqual([{ _id: 'north', customers: 2 }]);
      expect(await collection.aggregate([{ $match: { region: 'north' } }, { $count: 'customers' }]).toArray()).toEqual([{ customers: 2 }]);
    } finally {
      await client.db(collection.dbName).dropDatabase().catch(() => undefined);
    }
  });

  // FerretDB 1.24 takes two PostgreSQL connections per update, so its default pool of 50 deadlocks
  // under 50 concurrent updates; infra raises it. Its updates are also read-modify-write: concurrent
  // updates of one document lose writes, so read models keep one writer per document.
  it('completes 100 concurrent upserts of distinct documents', async () => {
    const wide = new MongoClient(mongoUrl().replace(/maxPoolSize=\d+/, 'maxPoolSize=100'), { maxPoolSize: 100 });
    const database = wide.db(uniqueName('concurrent'));
    try {
      const collection = database.collection<{ _id: string; hits: number }>('counters');
      await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          collection.updateOne({ _id: `c${index}` }, { $inc: { hits: 1 } }, { upsert: true }),
        ),
      );
      const total = await collection.aggregate<{ hits: number }>([{ $group: { _id: null, hits: { $sum: '$hits' } } }]).toArray();
      expect(total[0]?.hits).toBe(100);
      expect(await collection.countDocuments()).toBe(100);
    } finally {
      await database.dropDatabase().catch(() => undefined);
      await wide.close();
    }
  }, 30_000);
});
