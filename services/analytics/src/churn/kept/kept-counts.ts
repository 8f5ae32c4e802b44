export interface KeptCount {
  /** The read side's version when the count began (answer-cache.ts: readSideVersion). */
  readonly readSide: string;
  readonly countStartedAt: Date;
  readonly countedAt: Date;
}

export interface KeptCountsOptions<Key, Count extends KeptCount> {
  readonly id: (key: Key) => string;
  /** The count kept for the key, or null. */
  readonly read: (key: Key) => Promise<Count | null>;
  /** Counts from the read side as it is, keeps the count and returns the one kept (it may be a newer one). */
  readonly count: (key: Key) => Promise<Count>;
  readonly version: () => Promise<string>;
  readonly clock: () => Date;
  /**
   * At most this share of the time counting again in the background: a kept count is counted again once it is
   * older than its own count took divided by it (0.1: ten times as long), however the read side moved.
   */
  readonly busyShare: number;
}

export interface KeptAsk {
  /** Count now, whatever is kept (a request that names `minPosition`). */
  readonly fresh: boolean;
  readonly onRecountFailed: (error: unknown) => void;
}

const minimumGapMs = 1_000;

/**
 * Counts over the whole read side kept in documents (the churn rankings, the backtests): a key is counted once, by
 * whoever asks first, and then read. When the read side has moved since, the kept count answers and is counted again
 * in the background, as often as `busyShare` allows (a count of a few customers at once, one of 100,000 every ten
 * minutes or so); one count per key at a time in this process.
 */
export function keptCounts<Key, Count extends KeptCount>(options: KeptCountsOptions<Key, Count>) {
  const counting = new Map<string, Promise<Count>>();
  const count = (key: Key) => {
    const id = options.id(key);
    const running = counting.get(id);
    if (running) return running;
    const started = options.count(key).finally(() => counting.delete(id));
    counting.set(id, started);
    return started;
  };
  return async (key: Key, { fresh, onRecountFailed }: KeptAsk): Promise<{ readonly count: Count; readonly moved: boolean }> => {
    const kept = fresh ? null : await options.read(key);
    if (kept === null) return { count: await count(key), moved: false };
    const moved = kept.readSide !== (await options.version());
    const tookMs = kept.countedAt.getTime() - kept.countStartedAt.getTime();
    if (moved && options.clock().getTime() - kept.countedAt.getTime() >= Math.max(minimumGapMs, tookMs / options.busyShare)) count(key).catch(onRecountFailed);
    return { count: kept, moved };
  };
}
