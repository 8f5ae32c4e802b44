/** What the kit needs of a projection runtime to report its progress (structural: the kit does not depend on the runtime). */
export interface ReadModelSource {
  readonly name: string;
  readonly groupId: string;
  lag(): Promise<readonly PartitionProgressLike[]>;
  status(): { readonly state: string; readonly error: string | null; readonly ready?: boolean; readonly reason?: string | null };
}

export interface PartitionProgressLike {
  readonly topic: string;
  readonly partition: number;
  readonly committedOffset: string | null;
  readonly highWatermark: string;
  readonly lag: number;
  readonly lastAppliedPosition: string | null;
}

export interface ReadModelStatus {
  readonly name: string;
  readonly consumerGroup: string;
  readonly state: string;
  readonly healthy: boolean;
  readonly reason: string | null;
  /** The newest global position the read model applied (over all partitions). */
  readonly position: string | null;
  /** The newest position the relay has published to Kafka. */
  readonly head: string | null;
  /** Events on Kafka the read model has not consumed yet. */
  readonly lagEvents: number;
  /** Events consumed per second over the last samples (null until there are two). */
  readonly eventsPerSecond: number | null;
  readonly catchUpSeconds: number | null;
  readonly partitions: readonly PartitionProgressLike[];
}

interface Sample {
  readonly at: number;
  readonly consumed: bigint;
}

const windowMs = 15_000;

/** Samples a read model's progress when asked and derives its recent rate from the samples of the last 15 s. */
export class ReadModelMonitor {
  private readonly samples: Sample[] = [];

  constructor(
    private readonly source: ReadModelSource,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async status(head: string | null): Promise<ReadModelStatus> {
    const partitions = await this.source.lag();
    const consumed = partitions.reduce((sum, partition) => sum + BigInt(partition.highWatermark) - BigInt(partition.lag), 0n);
    const lagEvents = partitions.reduce((sum, partition) => sum + partition.lag, 0);
    const eventsPerSecond = this.record({ at: this.now(), consumed });
    const state = this.source.status();
    const position = partitions.map((partition) => partition.lastAppliedPosition).reduce<string | null>((newest, next) => (next !== null && (newest === null || BigInt(next) > BigInt(newest)) ? next : newest), null);
    return {
      name: this.source.name,
      consumerGroup: this.source.groupId,
      state: state.state,
      healthy: state.ready ?? state.state === 'running',
      reason: state.reason ?? state.error,
      position,
      head,
      lagEvents,
      eventsPerSecond,
      catchUpSeconds: lagEvents === 0 ? 0 : eventsPerSecond ? Math.round((lagEvents / eventsPerSecond) * 10) / 10 : null,
      partitions,
    };
  }

  private record(sample: Sample): number | null {
    this.samples.push(sample);
    while (this.samples.length > 2 && sample.at - this.samples[0]!.at > windowMs) this.samples.shift();
    const oldest = this.samples[0]!;
    const seconds = (sample.at - oldest.at) / 1_000;
    if (this.samples.length < 2 || seconds <= 0) return null;
    return Math.round(Number(sample.consumed - oldest.consumed) / seconds);
  }
}
