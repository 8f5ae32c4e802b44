import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionLock } from '../dependencies/session-lock.js';
import { leaseLost } from '../dependencies/session-lock.js';
import type { Logger } from '../logging/logger.js';
import { describeError, isRetriable } from './retriable.js';
import type { BackgroundWork } from './supervise.js';

/** What runs while the lease is held: it settles `finished` when it ends by itself (rejecting with why). */
export interface LeasedRun {
  readonly finished: Promise<void>;
  stop(): Promise<void>;
}

export interface LeasedWorkOptions {
  readonly name: string;
  readonly logger: Logger;
  /** Takes the lease (throwing a retriable error while another process holds it); null: no lease needed. */
  readonly lease: () => Promise<SessionLock | null>;
  readonly run: () => Promise<LeasedRun>;
  /** Wait between attempts after a retriable failure or while standing by (default 5 s). */
  readonly retryMs?: number;
}

/**
 * Background work one process of a service runs at a time, which must not hold the others' start-up back: start
 * returns at once, and the work takes its lease, runs, and on a retriable failure (the lease held elsewhere or
 * lost, a server away) waits and tries again, for as long as the service runs. Only a failure that is not
 * retriable ends it (`ended` rejects), which the kit treats as fatal.
 */
export function leasedWork(options: LeasedWorkOptions): BackgroundWork {
  const retryMs = options.retryMs ?? 5_000;
  let stopping: AbortController | null = null;
  let current: { lease: SessionLock | null; run: LeasedRun | null } = { lease: null, run: null };
  let loop: Promise<void> = Promise.resolve();

  const once = async (signal: AbortSignal) => {
    current = { lease: await options.lease(), run: null };
    if (signal.aborted) return;
    current.run = await options.run();
    await Promise.race([current.run.finished, leaseLost(current.lease)]);
  };
  const release = async () => {
    const { lease, run } = current;
    current = { lease: null, run: null };
    await run?.stop().catch(() => undefined);
    await lease?.release();
  };
  const keepRunning = async (signal: AbortSignal) => {
    let lastReason: string | null = null;
    while (!signal.aborted) {
      try {
        await once(signal);
      } catch (error) {
        if (signal.aborted) break;
        if (!isRetriable(error)) throw error;
        const reason = describeError(error);
        if (reason !== lastReason) options.logger.info({ reason }, `${options.name}: waiting (${reason})`);
        lastReason = reason;
      } finally {
        await release();
      }
      await sleep(retryMs, undefined, { signal }).catch(() => undefined);
    }
  };

  return {
    name: options.name,
    async start() {
      stopping = new AbortController();
      loop = keepRunning(stopping.signal);
    },
    async stop() {
      stopping?.abort();
      await current.run?.stop().catch(() => undefined);
      await loop.catch(() => undefined);
    },
    ended: () => loop.then(() => new Promise<void>(() => undefined)),
  };
}
