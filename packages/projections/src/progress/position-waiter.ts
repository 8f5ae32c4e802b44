import { toGlobalPosition, type GlobalPosition } from '@ctp/contracts';
import { ProjectionWaitTimeoutError } from '../errors.js';
import type { PartitionProgress } from './partition-progress.js';
import { hasPassed } from './wait-rule.js';

export interface ProgressSource {
  /** The relay's checkpoint: the last position acknowledged by Kafka. */
  published(): Promise<GlobalPosition | null>;
  partitions(): Promise<PartitionProgress[]>;
}

interface Snapshot {
  readonly published: GlobalPosition | null;
  readonly partitions: readonly PartitionProgress[];
}

/**
 * Read-your-writes: resolves once the projection has passed a position (see hasPassed). Waiters
 * share one snapshot read at a time; each re-checks after `pollMs`, or sooner when this process
 * applies a batch.
 */
export class PositionWaiter {
  private inFlight: Promise<Snapshot> | null = null;
  private wake!: () => void;
  private woken!: Promise<void>;

  constructor(
    private readonly source: ProgressSource,
    private readonly projection: string,
    private readonly pollMs = 50,
  ) {
    this.rearm();
  }

  async waitFor(position: GlobalPosition, timeoutMs: number): Promise<void> {
    const target = toGlobalPosition(position);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const snapshot = await this.snapshot();
      if (hasPassed(target, snapshot.published, snapshot.partitions)) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ProjectionWaitTimeoutError(this.projection, target, timeoutMs);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(this.pollMs, remaining)))), this.woken]);
      clearTimeout(timer);
    }
  }

  /** A batch was applied here: waiters look again now. */
  notify(): void {
    this.wake();
    this.rearm();
  }

  private rearm(): void {
    this.woken = new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** Published first, then the partitions: high watermarks must be read after publication was seen. */
  private snapshot(): Promise<Snapshot> {
    this.inFlight ??= (async () => {
      try {
        const published = await this.source.published();
        return { published, partitions: await this.source.partitions() };
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }
}
