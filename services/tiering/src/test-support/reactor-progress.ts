import { topicNaming } from '@ctp/event-bus';
import { publishedPositionReader } from '@ctp/event-store';
import { kafkaBrokers, postgresUrl } from '@ctp/test-kit';
import { Kafka, logLevel } from 'kafkajs';

/** Whether tiering's reactor has handled (and committed) every customer fact up to a position intake answered. */
export interface ReactorProgress {
  caughtUpWith(position: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function reactorProgress(schema: string): Promise<ReactorProgress> {
  const admin = new Kafka({ clientId: `${schema}-progress`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const published = await publishedPositionReader(postgresUrl(), schema);
  const topic = topicNaming(schema).events('customer');
  const groupId = `${schema}.reactor.tiering`;
  return {
    async caughtUpWith(position) {
      const head = await published.position();
      if (head === null || BigInt(head) < BigInt(position)) return false;
      const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
      const offsetOf = (partition: number) => BigInt(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1');
      return ends.every(({ partition, high }) => offsetOf(partition) >= BigInt(high));
    },
    async close() {
      await Promise.all([admin.disconnect(), published.close()]);
    },
  };
}
