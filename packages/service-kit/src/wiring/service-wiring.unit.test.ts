import type { Kafka } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { Wiring } from './service-wiring.js';

const context = {
  config: { NODE_ENV: 'test', EVENT_STORE_URL: 'postgres://nowhere/none', EVENT_STORE_SCHEMA: 'event_store' },
  logger: createLogger('wiring-test', 'silent'),
  clock: () => new Date('2026-03-02T01:00:00Z'),
  kafka: (): Kafka => {
    throw new Error('no Kafka in this test');
  },
  mongo: (): MongoClient => {
    throw new Error('no MongoDB in this test');
  },
};

const consumer = (name: string) => ({ name, groupId: `ctp.reactor.${name}`, status: () => ({ state: 'running' as const, error: null }), start: async () => undefined, stop: async () => undefined });

describe('a setup’s wiring', () => {
  it('closes what the parts opened after the service’s own stop, once', async () => {
    const wiring = new Wiring(context);
    const closed: string[] = [];
    wiring.parts().closeOnStop(async () => void closed.push('timer store'));
    const runtime = wiring.complete({ stop: async () => void closed.push('own') });
    await runtime.stop!();
    expect(closed).toEqual(['own', 'timer store']);
    await wiring.close();
    expect(closed).toEqual(['own', 'timer store']);
  });

  it('keeps the runtime’s own consumers and read models when no part added any', () => {
    const own = consumer('own');
    const readModels = { sources: [], publishedPosition: async () => null, positions: { newestPosition: async () => null } };
    const runtime = new Wiring(context).complete({ consumers: [own], readModels });
    expect(runtime.consumers).toEqual([own]);
    expect(runtime.readModels).toBe(readModels);
  });

  it('names the shared settings a part needs and the service does not declare', async () => {
    const wire = new Wiring(context).parts<{ DATA_MASTER_KEY_FILE: string; MONGO_DATABASE: string; TOPIC_PREFIX: string; READ_WAIT_TIMEOUT_MS: number; CONSUMER_SESSION_TIMEOUT_MS: number }>();
    await expect(wire.protectedStores()).rejects.toThrow('DATA_MASTER_KEY_FILE is not a setting of this service');
    expect(() => wire.reactor({ name: 'tiering', categories: ['customer'], handle: async () => undefined })).toThrow('TOPIC_PREFIX is not a setting of this service');
  });
});
