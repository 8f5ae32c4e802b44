import type { Batch, ConsumerConfig, EachBatchPayload, KafkaMessage } from 'kafkajs';

/** How a consumer takes a batch in hand: in parts, each committed, within a time budget. */
export interface BatchPacing {
  /** Messages handled at once; the offsets are committed after each part. Default 1000. */
  readonly maxMessagesPerPart: number;
  /** A batch that has run this long stops after the part in hand; the rest comes with the next fetch. Default 10 s. */
  readonly maxBatchMs: number;
  /** How often the member heartbeats while a part runs (kafkajs sends one at most every heartbeatInterval). Default 500 ms. */
  readonly heartbeatEveryMs: number;
}

export const defaultBatchPacing: BatchPacing = { maxMessagesPerPart: 1_000, maxBatchMs: 10_000, heartbeatEveryMs: 500 };

/** Told what a batch does, for the consumer's status. */
export interface BatchObserver {
  batchStarted(batch: Batch): void;
  /** The batch returned or threw (after its last commit, if any). */
  batchEnded(batch: Batch): void;
  committed(batch: Batch, nextOffset: string): void;
  heartbeatFailed(error: unknown): void;
}

/**
 * Handles a batch prefix by prefix and commits each prefix's offset explicitly (without
 * autoCommit the argument-less commitOffsetsIfNecessary commits nothing), so a batch slower than
 * the group's session timeout still makes progress instead of being delivered again forever:
 * - the member heartbeats in the background while a part runs, so even one write blocked for
 *   longer than the session timeout keeps the membership;
 * - between parts the batch stops when it has run for `maxBatchMs`, when the consumer is stopping,
 *   when the partition was sought (stale), or when a heartbeat failed (a rebalance, or the member
 *   was dropped): the part in hand is committed, the error rethrown so kafkajs rejoins, and the
 *   unresolved rest is fetched again from the last resolved offset;
 * - a part is resolved only after its commit, so a part whose commit failed (a dropped connection) is delivered again.
 */
export async function consumeInParts(
  payload: EachBatchPayload,
  pacing: BatchPacing,
  handle: (messages: readonly KafkaMessage[]) => Promise<void>,
  observer?: BatchObserver,
): Promise<void> {
  const { batch, resolveOffset, commitOffsetsIfNecessary, isRunning, isStale } = payload;
  const { topic, partition, messages } = batch;
  observer?.batchStarted(batch);
  const started = performance.now();
  const beat = keepAlive(payload.heartbeat, pacing.heartbeatEveryMs, (error) => observer?.heartbeatFailed(error));
  try {
    for (let start = 0; start < messages.length; start += Math.max(1, pacing.maxMessagesPerPart)) {
      beat.check();
      if (start > 0 && (!isRunning() || isStale() || performance.now() - started >= pacing.maxBatchMs)) return;
      const part = messages.slice(start, start + Math.max(1, pacing.maxMessagesPerPart));
      await handle(part);
      const last = part.at(-1)!.offset;
      const nextOffset = (BigInt(last) + 1n).toString();
      // Resolved only once committed: kafkajs fetches on from the resolved offset, so a part resolved before a commit
      // that failed would never come again, and its partition would stay uncommitted until more messages came.
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: nextOffset }] }] });
      resolveOffset(last);
      observer?.committed(batch, nextOffset);
    }
    beat.check();
  } finally {
    beat.stop();
    observer?.batchEnded(batch);
  }
}

function keepAlive(heartbeat: () => Promise<void>, everyMs: number, onFailure: (error: unknown) => void) {
  let failure: { error: unknown } | undefined;
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight || failure) return;
    inFlight = true;
    heartbeat()
      .catch((error: unknown) => {
        failure = { error };
        onFailure(error);
      })
      .finally(() => (inFlight = false));
  }, everyMs);
  timer.unref();
  return {
    check() {
      if (failure) throw failure.error;
    },
    stop: () => clearInterval(timer),
  };
}

/** How a consumer group member of ours is configured: its group, how long a fetch waits, and kafkajs' session and heartbeat times. */
export interface MemberTiming {
  /** The longest a fetch waits for `fetchMinBytes` to arrive; also bounds how long stop() waits. Default 250 ms. */
  readonly maxWaitTimeMs?: number;
  /**
   * What a fetch waits for, up to `maxWaitTimeMs`, before it answers: a quiet topic's events then come a few at a
   * time instead of one batch (a checkpoint and a commit) each. Default 64 KiB, about a hundred events.
   */
  readonly fetchMinBytes?: number;
  /** kafkajs' sessionTimeout and heartbeatInterval; defaults 30,000 and 3,000 ms. */
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
}

const defaultFetchWait = { maxWaitTimeMs: 250, fetchMinBytes: 64 * 1024 } as const;

export function consumerConfigOf(groupId: string, timing: MemberTiming): ConsumerConfig {
  return {
    groupId,
    maxWaitTimeInMs: timing.maxWaitTimeMs ?? defaultFetchWait.maxWaitTimeMs,
    minBytes: timing.fetchMinBytes ?? defaultFetchWait.fetchMinBytes,
    ...(timing.sessionTimeoutMs === undefined ? {} : { sessionTimeout: timing.sessionTimeoutMs }),
    ...(timing.heartbeatIntervalMs === undefined ? {} : { heartbeatInterval: timing.heartbeatIntervalMs }),
  };
}
