import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dropRunResources, runResources } from './run-cleanup.js';
import { kafkaBrokers, mongoUrl, postgresUrl } from './server-urls.js';

describe("a test run's teardown", () => {
  it('drops every schema, table, database, topic and consumer group named for the run, and nothing else', async () => {
    const run = randomBytes(4).toString('hex');
    const other = randomBytes(4).toString('hex');
    const name = (prefix: string, mark = run) => `${prefix}_${mark}_${randomBytes(4).toString('hex')}`;
    const servers = { postgres: postgresUrl(), kafka: kafkaBrokers().join(','), mongo: mongoUrl() };
    const [schema, table, database, topic, group] = [name('cleanup'), name('cleanup_tx'), name('cleanup'), `${name('cleanup')}.events.customer`, name('cleanup')];
    const bystander = name('cleanup', other);

    const client = new pg.Client({ connectionString: servers.postgres });
    await client.connect();
    const mongo = new MongoClient(servers.mongo);
    const kafka = new Kafka({ clientId: 'cleanup-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`CREATE TABLE ${schema}.events (id int)`);
      await client.query(`CREATE TABLE public.${table} (id int)`);
      await client.query(`CREATE SCHEMA ${bystander}`);
      await mongo.db(database).collection('documents').insertOne({ _id: 'one' } as never);
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '0' }] });

      expect(await runResources(servers, run)).toEqual({ schemas: [schema], tables: [table], databases: [database], topics: [topic], groups: [group] });
      expect(await dropRunResources(servers, run)).toEqual({ schemas: [schema], tables: [table], databases: [database], topics: [topic], groups: [group] });
      expect(await runResources(servers, run)).toEqual({ schemas: [], tables: [], databases: [], topics: [], groups: [] });
      expect((await runResources(servers, other)).schemas).toEqual([bystander]);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${bystander} CASCADE`);
      await client.end();
      await mongo.close();
      await admin.disconnect();
    }
  });
});
