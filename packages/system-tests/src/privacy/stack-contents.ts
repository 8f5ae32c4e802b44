import { randomUUID } from 'node:crypto';
import { kafkaBrokers, mongoUrl } from '@ctp/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

/** One document of a read model, as text, with where it lies. */
export interface StoredDocument {
  readonly where: string;
  readonly text: string;
}

/** Every document of every read model of the stack: the databases named for its schema, every collection. */
export async function readModelDocuments(schema: string): Promise<StoredDocument[]> {
  const client = new MongoClient(mongoUrl());
  await client.connect();
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    const found: StoredDocument[] = [];
    for (const { name } of databases.filter((database) => database.name.includes(schema))) {
      const db = client.db(name);
      for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) {
        for (const document of await db.collection(collection).find({}).toArray()) found.push({ where: `${name}.${collection} ${String(document._id)}`, text: JSON.stringify(document) });
      }
    }
    return found;
  } finally {
    await client.close();
  }
}

/** Every message on the stack's topics (`<schema>.…`) from the beginning, key and value as text. */
export async function topicMessages(schema: string): Promise<StoredDocument[]> {
  const kafka = new Kafka({ clientId: `${schema}-scan`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${schema}.`));
  const ends = new Map<string, bigint>();
  for (const topic of topics) for (const { partition, high } of await admin.fetchTopicOffsets(topic)) if (BigInt(high) > 0n) ends.set(`${topic}/${partition}`, BigInt(high));
  await admin.disconnect();
  if (ends.size === 0) return [];
  const consumer = kafka.consumer({ groupId: `${schema}-scan-${randomUUID()}` });
  const found: StoredDocument[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((done, failed) => {
      const left = new Set(ends.keys());
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            found.push({ where: `${topic}/${partition}@${message.offset}`, text: `${message.key?.toString() ?? ''} ${message.value?.toString() ?? ''}` });
            const at = `${topic}/${partition}`;
            if (BigInt(message.offset) + 1n >= (ends.get(at) ?? 0n)) left.delete(at);
            if (left.size === 0) done();
          },
        })
        .catch(failed);
    });
  } finally {
    await consumer.disconnect();
  }
  return found;
}

/** The documents holding any of `values`, each with the values it holds. */
export function holding(documents: readonly StoredDocument[], values: readonly string[]): string[] {
  return documents.flatMap(({ where, text }) => {
    const held = values.filter((value) => text.includes(value));
    return held.length > 0 ? [`${where}: ${held.join(', ')}`] : [];
  });
}
