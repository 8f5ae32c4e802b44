import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { Dependency } from '../health/dependency.js';

export interface KafkaDependency extends Dependency {
  readonly kafka: Kafka;
}

export function kafkaDependency(clientId: string, brokers: readonly string[]): KafkaDependency {
  const kafka = new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 2 },
  });
  let admin: Admin | undefined;
  return {
    name: 'kafka',
    target: brokers.join(','),
    kafka,
    async check() {
      if (!admin) {
        const connecting = kafka.admin();
        await connecting.connect();
        admin = connecting;
      }
      await admin.describeCluster();
    },
    async close() {
      await admin?.disconnect();
      admin = undefined;
    },
  };
}
