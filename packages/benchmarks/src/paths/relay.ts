import { categories } from '@ctp/contracts';
import { ensureTopics, toKafkaMessage, topicNaming } from '@ctp/event-bus';
import { checkpointStoreFor } from '@ctp/event-store';
import { startRelay } from '@ctp/relay';
import type { Message } from 'kafkajs';
import type { Bench } from '../env.js';
import type { Feed } from '../feed.js';
import { sideBySide, timed, withTimeout, type Measurement } from '../stats.js';

/** The relay's default batch (maxBatchSize 500); the raw producer sends batches of the same size. */
export const relayBatchSize = 500;

/**
 * The relay draining a pre-filled store (from startRelay until its checkpoint reaches the head)
 * vs a raw idempotent kafkajs producer sending the same messages with sendBatch, acks -1, in
 * batches of the same size. Topics are created beforehand for both; producer connects are timed
 * for both; a warm-up publishes the feed's last 2,000 events first.
 */
export async function relayBenchmark(bench: Bench, feed: Feed, repeats: number) {
  const admin = bench.kafka.admin();
  await admin.connect();
  const checkpoints = await checkpointStoreFor(bench.postgresUrl, feed.schema);
  const messages = feed.events.map(toKafkaMessage);
  const prepare = async (label: string) => {
    const naming = topicNaming(`${bench.runId}.${label}`);
    await ensureTopics(admin, categories, { naming });
    return naming;
  };

  /** Publishes messages[from..]: a relay whose checkpoint starts just before them. */
  const ours = async (repeat: number | 'warm', from = 0): Promise<Measurement> => {
    const naming = await prepare(`relay${repeat}`);
    if (from > 0) await checkpoints.save(`relay-${repeat}`, feed.events[from - 1]!.globalPosition);
    let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
    try {
      const ms = await timed(async () => {
        let reached!: () => void;
        const done = new Promise<void>((resolve) => (reached = resolve));
        relay = await startRelay({
          name: `relay-${repeat}`, store: feed.store, kafka: bench.kafka, checkpoints, naming, maxBatchSize: relayBatchSize,
          onPublished: (events) => events.at(-1)?.globalPosition === feed.head && reached(),
        });
        const stopped = relay.finished.then(() => Promise.reject(new Error('relay stopped early')));
        await withTimeout(Promise.race([done, stopped]), 120_000, 'relay reaching the head');
      });
      return { events: messages.length - from, ms };
    } finally {
      await relay?.stop();
    }
  };

  const raw = async (repeat: number | 'warm', from = 0): Promise<Measurement> => {
    const topic = (await prepare(`raw${repeat}`)).events('customer');
    const producer = bench.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const ms = await timed(async () => {
      await producer.connect();
      for (let i = from; i < messages.length; i += relayBatchSize) {
        await producer.sendBatch({ topicMessages: [{ topic, messages: messages.slice(i, i + relayBatchSize) as Message[] }], acks: -1 });
      }
    });
    await producer.disconnect();
    return { events: messages.length - from, ms };
  };

  try {
    const warmFrom = Math.max(0, messages.length - 2_000);
    await ours('warm', warmFrom);
    await raw('warm', warmFrom);
    return await sideBySide(repeats, (repeat) => ours(repeat), (repeat) => raw(repeat));
  } finally {
    await Promise.all([admin.disconnect(), checkpoints.close()]);
  }
}
