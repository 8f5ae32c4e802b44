import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import type { ReadAllOptions, SubscribeToAllOptions, Subscription } from './port.js';

export interface FeedSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** A counter that changes when new events may be readable. */
  generation(): number;
  /** Resolves when `generation` moves past `seen`, after `timeoutMs`, or on abort. */
  wait(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void>;
}

export interface PollingOptions {
  readonly pollIntervalMs: number;
  /** Consecutive failed reads tolerated (each reported to onError) before the subscription fails. */
  readonly maxReadFailures: number;
}

/**
 * Catch-up then live over `readAll`: read full batches until one comes back short, then wait for a wake-up (and the
 * linger) or the poll interval. Ordering and gap safety come from `readAll`.
 */
export function pollingSubscription(source: FeedSource, options: SubscribeToAllOptions, polling: PollingOptions): Subscription {
  const controller = new AbortController();
  const limit = options.maxBatchSize ?? 100;
  const lingerMs = options.lingerMs ?? 0;
  let after: GlobalPosition | null = options.after;
  let failures = 0;

  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      const seen = source.generation();
      let events: RecordedEvent[];
      try {
        events = await source.readAll({ after, limit });
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures > polling.maxReadFailures) throw error;
        options.onError?.(error);
        await delay(polling.pollIntervalMs * failures, controller.signal);
        continue;
      }
      if (controller.signal.aborted) return;
      const last = events[events.length - 1];
      if (last) {
        await options.onEvents(events);
        after = last.globalPosition;
      }
      // A short batch reached the end as it was read: what came after it has been announced since `seen`.
      if (events.length < limit) await waitForMore(seen);
    }
  };
  const waitForMore = async (seen: number) => {
    await source.wait(seen, polling.pollIntervalMs, controller.signal);
    if (lingerMs > 0 && source.generation() !== seen) await delay(lingerMs, controller.signal);
  };

  const finished = run();
  finished.catch((error: unknown) => options.onError?.(error));
  return {
    finished,
    async stop() {
      controller.abort();
      await finished.catch(() => undefined);
    },
  };
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
