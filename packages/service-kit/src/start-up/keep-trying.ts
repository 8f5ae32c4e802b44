import type { Logger } from '../logging/logger.js';
import { describeError, isRetriable } from './retriable.js';

export interface KeepTryingOptions {
  /** What is being started, for the log: "setup", "projection customer-summary". */
  readonly what: string;
  readonly logger: Logger;
  /** Told the reason while waiting, and null once the step succeeded. */
  readonly onWaiting?: (reason: string | null) => void;
  readonly signal?: AbortSignal;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
}

export class StartAbortedError extends Error {
  constructor(what: string) {
    super(`${what}: start-up aborted`);
    this.name = 'StartAbortedError';
  }
}

/**
 * Runs `step` until it succeeds, retrying retriable errors with exponential backoff and full jitter
 * (AWS's "Exponential Backoff and Jitter"), logging one line per change of reason rather than a
 * stack per attempt. A non-retriable error is thrown at once.
 */
export async function keepTrying<T>(step: () => Promise<T>, options: KeepTryingOptions): Promise<T> {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const random = options.random ?? Math.random;
  const started = performance.now();
  let lastReason: string | null = null;
  for (let attempt = 1; ; attempt += 1) {
    if (options.signal?.aborted) throw new StartAbortedError(options.what);
    try {
      const result = await step();
      if (lastReason !== null) {
        options.logger.info({ attempts: attempt, waitedMs: Math.round(performance.now() - started) }, `${options.what}: started after waiting`);
      }
      options.onWaiting?.(null);
      return result;
    } catch (error) {
      if (options.signal?.aborted) throw new StartAbortedError(options.what);
      if (!isRetriable(error)) throw error;
      const reason = describeError(error);
      if (reason !== lastReason) options.logger.warn({ attempt, reason }, `${options.what}: waiting (${reason}); retrying`);
      lastReason = reason;
      options.onWaiting?.(reason);
      await pause(Math.round(random() * Math.min(max, initial * 2 ** Math.min(attempt - 1, 16))), options.signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
