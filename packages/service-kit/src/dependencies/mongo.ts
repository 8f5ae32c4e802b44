import { MongoClient } from 'mongodb';
import type { Dependency } from '../health/dependency.js';
import { redactUrl } from './redact-url.js';

export interface MongoDependency extends Dependency {
  readonly client: MongoClient;
}

export function mongoDependency(url: string): MongoDependency {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 3_000, connectTimeoutMS: 3_000 });
  return {
    name: 'mongo',
    target: redactUrl(url),
    client,
    async check() {
      // The driver closes the topology for good when an operation's first connection fails (the server away at start):
      // every later operation then fails with MongoTopologyClosedError. connect() starts a new one (a no-op when connected).
      await client.connect();
      await client.db('admin').command({ ping: 1 });
    },
    async close() {
      await client.close();
    },
  };
}
