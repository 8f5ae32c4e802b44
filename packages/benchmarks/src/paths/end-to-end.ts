import { globalPositionToBigInt, type GlobalPosition } from '@ctp/contracts';
import { isRetriable, topicNaming } from '@ctp/event-bus';
import { checkpointStoreFor, createEventStore, type CheckpointStore } from '@ctp/event-store';
import { createProjectionRuntime, hasPassed, type PartitionProgress, type ProjectionRuntime } from '@ctp/projections';
import { startRelay } from '@ctp/relay';
import type { Bench } from '../env.js';
import { customerOf, purchaseBatch, streamOf } from '../events.js';
import { benchTotals } from '../bench-projection.js';
import { sleep, summarizeLatency } from '../stats.js';

export interface Phase {
  readonly ratePerSecond: number;
  readonly seconds: number;
}

/** How long a phase waits, after its last append, for the rest to become visible. */
export const drainTimeoutMs = 90_000;

/**
 * Appends single events to the store at a steady rate with the relay and the projection runtime
 * running (what intake's POST /v1/events does after validation), and measures per event the time
 * from the append resolving (accepted) to visible: the runtime's read-your-writes rule
 * (`hasPassed`, what waitForPosition and GET ?minPosition= apply) holds for its position, with the
 * relay checkpoint read from PostgreSQL as intake does. One observer evaluates the rule for every
 * pending event after each progress read (one every ~20 ms plus the read itself), so thousands of
 * waiters do not load the machine; the rule is monotonic in the position, so this is exact to the
 * observer's period.
 */
export async function endToEndBenchmark(bench: Bench, warmUp: Phase, phases: readonly Phase[]) {
  const schema = `${bench.runId}_e2e`;
  const naming = topicNaming(`${bench.runId}.e2e`);
  const store = await createEventStore(bench.postgresUrl, { schema });
  const checkpoints = await checkpointStoreFor(bench.postgresUrl, schema);
  const relay = await startRelay({ name: 'relay', store, kafka: bench.kafka, checkpoints, naming });
  const db = bench.mongo.db(`${bench.runId}_e2e`);
  const runtime = createProjectionRuntime({
    projection: benchTotals, kafka: bench.kafka, db, naming, groupId: `${bench.runId}.e2e`, publishedPosition: () => checkpoints.load('relay'),
  });
  await runtime.start();
  try {
    await drive(warmUp, 0);
    const results = [];
    for (const [index, phase] of phases.entries()) {
      const { latencies, appendLatencies, sent, elapsedMs, invisible, failures } = await drive(phase, (index + 1) * 1_000_000);
      // an event never seen visible counts as infinitely late, so it weighs in the percentiles
      const all = [...latencies, ...Array.from({ length: invisible }, () => Infinity)];
      results.push({ phase, latency: summarizeLatency(all), append: summarizeLatency(appendLatencies), sent, achievedRate: (sent * 1000) / elapsedMs, invisible, failures });
    }
    return results;
  } finally {
    await runtime.stop();
    await relay.stop();
    await Promise.all([store.close(), checkpoints.close()]);
    await db.dropDatabase();
  }

  /** Appends `rate` events/s for `seconds`, then waits until every one is visible (at most drainTimeoutMs). */
  async function drive({ ratePerSecond, seconds }: Phase, firstUnit: number) {
    const appendLatencies: number[] = [];
    const pending: { position: bigint; text: GlobalPosition; accepted: number }[] = [];
    const appends = new Set<Promise<void>>();
    let failures = 0;
    let sent = 0;
    let appending = true;
    const observed = observe(pending, () => appending);
    const total = ratePerSecond * seconds;
    const started = performance.now();
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) * ratePerSecond) / 1000));
      for (; sent < due; sent += 1) {
        const customerId = customerOf(firstUnit + sent);
        const event = purchaseBatch(customerId, 1);
        const append = (async () => {
          const begun = performance.now();
          const { lastPosition } = await store.append(streamOf(customerId), event, { expectedRevision: 'any' });
          const accepted = performance.now();
          appendLatencies.push(accepted - begun);
          pending.push({ position: globalPositionToBigInt(lastPosition), text: lastPosition, accepted });
        })().catch(() => void (failures += 1));
        appends.add(append);
        void append.finally(() => appends.delete(append));
      }
      await sleep(2);
    }
    const elapsedMs = performance.now() - started;
    await Promise.all(appends);
    appending = false;
    const latencies = await observed;
    return { latencies, appendLatencies, sent, elapsedMs, invisible: pending.length, failures };
  }

  /** Marks pending events visible as the rule passes them; ends when none is pending and no more come, or at the drain timeout. */
  async function observe(pending: { position: bigint; text: GlobalPosition; accepted: number }[], appending: () => boolean): Promise<number[]> {
    const latencies: number[] = [];
    let drainDeadline = Infinity;
    while (pending.length > 0 || appending()) {
      if (!appending() && drainDeadline === Infinity) drainDeadline = performance.now() + drainTimeoutMs;
      if (performance.now() > drainDeadline) break;
      const progress = await progressOf(runtime, checkpoints);
      const seen = performance.now();
      if (progress) {
        const [published, partitions] = progress;
        pending.sort((a, b) => (a.position < b.position ? -1 : 1));
        let passed = 0;
        while (passed < pending.length && hasPassed(pending[passed]!.text, published, partitions)) passed += 1;
        for (const event of pending.splice(0, passed)) latencies.push(seen - event.accepted);
      }
      await sleep(20);
    }
    return latencies;
  }
}

/**
 * What waitForPosition reads: the relay checkpoint first, then the partitions (watermarks after publication).
 * Null when Kafka answers "not yet" (a topic the relay has just created may not be served by its leader yet):
 * the observer looks again on its next round, as waitForPosition does.
 */
async function progressOf(runtime: ProjectionRuntime, checkpoints: CheckpointStore): Promise<[GlobalPosition | null, PartitionProgress[]] | null> {
  const published = await checkpoints.load('relay');
  try {
    const partitions = (await runtime.lag()).map((lag) => ({ ...lag, lowWatermark: '0', nextOffset: null }));
    return [published, partitions];
  } catch (error) {
    if (isRetriable(error)) return null;
    throw error;
  }
}
