import type { Batch, Consumer } from 'kafkajs';
import type { BatchObserver } from './batch-parts.js';
import { isMembershipLost } from './retriable.js';

export type ConsumerState = 'stopped' | 'running' | 'crashed';

/** What a projection or reactor reports for /ready; `state` and `error` as before, the rest added. */
export interface ConsumerStatusReport {
  readonly state: ConsumerState;
  readonly error: string | null;
  /** Running, holding partitions, and not stuck with lag: what /ready should require. */
  readonly ready: boolean;
  /** Why it is not ready; null when it is. */
  readonly reason: string | null;
  /** Partitions assigned to this member at its last join (0 while rebalancing or dropped). */
  readonly partitions: number;
  /** Messages still to consume on the partitions this member holds, as of its last fetches. */
  readonly lag: number;
  readonly lastProgressAt: Date | null;
}

interface PartitionPace {
  behind: bigint;
  /** When it last committed, or when it fell behind after being caught up. */
  since: number;
}

/**
 * Follows a consumer group member from kafkajs' events and its batches. It is down when it has
 * been out of its group (not joined since it started, a rebalance or a lost membership), or has had lag without
 * committing anything, for longer than `stalledAfterMs`: a member dropped from its group, or one whose batches never
 * finish. A member that joined and was given no partitions stands by, and is ready.
 */
export class ConsumerHealth implements BatchObserver {
  private partitions = 0;
  /** Partitions of the last join, while no rebalance or stop has followed it. */
  private assigned = 0;
  private unassignedSince: number;
  private readonly paces = new Map<string, PartitionPace>();
  /** Partition -> when the batch in hand started, to tell a batch that never ends from a partition never fetched again. */
  private readonly inHand = new Map<string, number>();
  private lastProgress: number | null = null;

  constructor(
    private readonly stalledAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.unassignedSince = now();
  }

  /** Call for each consumer created (each start). */
  watch(consumer: Consumer): void {
    this.partitions = 0;
    this.assigned = 0;
    this.unassignedSince = this.now();
    this.paces.clear();
    this.inHand.clear();
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = new Set(Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => key(topic, partition))));
      for (const held of this.paces.keys()) if (!assigned.has(held)) this.paces.delete(held);
      this.partitions = assigned.size;
      this.assigned = assigned.size;
      // Joined with nothing to hold is standing by (one writer holds them all, or more members than partitions), not dropped.
      this.unassignedSince = Number.POSITIVE_INFINITY;
    });
    const lost = () => {
      this.assigned = 0;
      this.unassigned();
    };
    consumer.on(consumer.events.REBALANCING, lost);
    consumer.on(consumer.events.STOP, lost);
  }

  batchStarted(batch: Batch): void {
    // A batch after a heartbeat that failed on a dropped connection: the member kept its assignment (see heartbeatFailed).
    if (this.partitions === 0 && this.assigned > 0) {
      this.partitions = this.assigned;
      this.unassignedSince = Number.POSITIVE_INFINITY;
    }
    const id = key(batch.topic, batch.partition);
    this.inHand.set(id, this.now());
    const first = batch.firstOffset();
    if (first === null) return;
    const pace = this.paces.get(id);
    const behind = BigInt(batch.highWatermark) - BigInt(first);
    if (!pace || pace.behind <= 0n) this.paces.set(id, { behind, since: this.now() });
    else pace.behind = behind;
  }

  batchEnded(batch: Batch): void {
    this.inHand.delete(key(batch.topic, batch.partition));
  }

  committed(batch: Batch, nextOffset: string): void {
    const at = this.now();
    this.paces.set(key(batch.topic, batch.partition), { behind: BigInt(batch.highWatermark) - BigInt(nextOffset), since: at });
    this.lastProgress = at;
  }

  /**
   * A heartbeat refused because the member lost its place (a rebalance, a session that ended) leaves it without
   * partitions until it joins again. One that failed on a dropped connection does not: kafkajs reconnects and fetches
   * on with the same assignment, without joining again, so no GROUP_JOIN would ever say it holds partitions (the
   * connection-drop drill found feedback "holding no partitions" and not ready for good after its Kafka connections were cut).
   */
  heartbeatFailed(error: unknown): void {
    if (isMembershipLost(error)) this.unassigned();
  }

  report(state: ConsumerState, error: string | null): ConsumerStatusReport {
    const now = this.now();
    let lag = 0n;
    let stalled: string | null = null;
    for (const [id, pace] of this.paces) {
      if (pace.behind <= 0n) continue;
      lag += pace.behind;
      if (stalled === null && now - pace.since > this.stalledAfterMs) stalled = `${id} has ${pace.behind} messages to go and committed nothing for ${seconds(now - pace.since)} s (${this.inHandFor(id, now)})`;
    }
    const unassignedFor = now - this.unassignedSince;
    const reason =
      state !== 'running'
        ? `consumer ${state}${error ? `: ${error}` : ''}`
        : this.partitions === 0 && unassignedFor > this.stalledAfterMs
          ? `not in its group for ${seconds(unassignedFor)} s`
          : stalled;
    return {
      state,
      error,
      ready: reason === null,
      reason,
      partitions: this.partitions,
      lag: Number(lag),
      lastProgressAt: this.lastProgress === null ? null : new Date(this.lastProgress),
    };
  }

  private inHandFor(id: string, now: number): string {
    const since = this.inHand.get(id);
    return since === undefined ? 'no batch in hand' : `a batch in hand for ${seconds(now - since)} s`;
  }

  private unassigned(): void {
    this.partitions = 0;
    if (!Number.isFinite(this.unassignedSince)) this.unassignedSince = this.now();
  }
}

const key = (topic: string, partition: number) => `${topic}/${partition}`;
const seconds = (ms: number) => Math.round(ms / 1000);
