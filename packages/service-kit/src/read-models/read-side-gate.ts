import type { GroupLag, ReadSideLag } from '@ctp/event-bus';
import type { Logger } from '../logging/logger.js';
import { problems } from '../problems/catalogue.js';
import { ProblemError } from '../problems/problem.js';
import type { BackgroundWork } from '../start-up/supervise.js';

export interface ReadSideGateOptions {
  readonly lag: Pick<ReadSideLag, 'sample'>;
  /** A write waits while a read model making progress stands further behind the head than this; 0 lets every write through. */
  readonly maxLagMs: number;
  /** How long a write waits at most before it is refused with 429 and retry-after. */
  readonly maxWaitMs: number;
  /** How often the read models' lag is read (default 1 s). */
  readonly intervalMs?: number;
  readonly logger: Logger;
}

/** Writes wait for the read side: `paced` runs a write once the read models are close enough to the head. */
export interface ReadSideGate extends BackgroundWork {
  paced<T>(write: () => Promise<T>): Promise<T>;
}

const retryAfterSeconds = 5;

/** How far behind a read model is for the gate: its time behind the head, or the time its backlog takes, if longer. */
export const behindForGate = (lag: GroupLag): number => Math.max(lag.behindMs, lag.catchUpMs ?? 0);

const furthestFirst = (lags: readonly GroupLag[]) => [...lags].sort((a, b) => behindForGate(b) - behindForGate(a));

/** The read model furthest behind beyond `limitMs` (behindForGate), leaving out the stalled (a fault, reported by their own service). */
export function laggardOf(lags: readonly GroupLag[], limitMs: number): GroupLag | undefined {
  return furthestFirst(lags.filter((lag) => !lag.stalled && behindForGate(lag) > limitMs))[0];
}

/**
 * Whether a write may start: any number while every read model has consumed everything, one at a time while one has
 * a backlog within `maxLagMs` (a write admitted adds its whole batch to it, and shows in the lag only once published),
 * none while one is further behind than that. Answers the read model the write waits for, or null.
 */
export function waitingFor(lags: readonly GroupLag[], maxLagMs: number, writesInFlight: number): GroupLag | null {
  const beyond = laggardOf(lags, maxLagMs);
  if (beyond) return beyond;
  const busy = furthestFirst(lags.filter((lag) => !lag.stalled && lag.behindEvents > 0))[0];
  return busy && writesInFlight > 0 ? busy : null;
}

/**
 * Back-pressure from the read side onto the writes that feed it (waitingFor): a bulk import runs at the pace the read
 * models keep instead of leaving analysts minutes behind. A write waits at most `maxWaitMs`, then is refused with 429
 * and retry-after. A read model whose service is stopped (no member), or that stalled, holds no write: the write
 * side never waits on a read-side fault. When the lag cannot be read (Kafka away), writes pass.
 */
export function readSideGate(options: ReadSideGateOptions): ReadSideGate {
  const intervalMs = options.intervalMs ?? 1_000;
  let lags: readonly GroupLag[] = [];
  const waiters: (() => void)[] = [];
  let running = false;
  let loop: Promise<void> = Promise.resolve();
  let wake: () => void = () => undefined;
  let heldSince: number | null = null;
  let failing = false;
  let inFlight = 0;
  /** When the lag was last read (or found unreadable): a write waits for a reading younger than three intervals. */
  let readAt = 0;

  const wakeWaiters = () => {
    for (const resolve of waiters.splice(0)) resolve();
  };
  const sampleOnce = async () => {
    try {
      lags = await options.lag.sample();
      if (failing) options.logger.info("the read models' lag can be read again");
      failing = false;
    } catch (error) {
      lags = [];
      if (!failing) options.logger.warn({ err: error }, "cannot read the read models' lag; writes pass without waiting for the read side");
      failing = true;
    }
    readAt = performance.now();
    wakeWaiters();
  };
  const somethingChanges = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  const hold = (laggard: GroupLag) => {
    if (heldSince !== null) return;
    heldSince = performance.now();
    const { groupId: readModel, behindMs, behindEvents, catchUpMs } = laggard;
    options.logger.info({ readModel, behindMs, behindEvents, catchUpMs }, `writes wait: a read model is behind the head (limit ${options.maxLagMs} ms)`);
  };
  const release = () => {
    if (heldSince === null) return;
    options.logger.info({ heldMs: performance.now() - heldSince }, 'writes flow again: every read model is within reach of the head');
    heldSince = null;
  };
  const refuse = (laggard: GroupLag) =>
    new ProblemError(
      problems.CTP_RATE_LIMITED,
      `the read model ${laggard.groupId} is ${(behindForGate(laggard) / 1000).toFixed(1)} s behind the head; writes wait until every read model is within ${options.maxLagMs} ms of it. Retry later; nothing was written`,
      [],
      { retryAfter: retryAfterSeconds, readModel: laggard.groupId, behindMs: behindForGate(laggard) },
      { 'retry-after': String(retryAfterSeconds) },
    );

  return {
    name: 'read-side gate',
    async start() {
      if (options.maxLagMs === 0 || running) return;
      running = true;
      loop = (async () => {
        while (running) {
          await sampleOnce();
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, intervalMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      })();
    },
    async stop() {
      running = false;
      wake();
      await loop;
      lags = [];
      wakeWaiters();
    },
    async paced(write) {
      const deadline = performance.now() + options.maxWaitMs;
      for (;;) {
        const fresh = performance.now() - readAt <= intervalMs * 3;
        const laggard = running ? (fresh ? waitingFor(lags, options.maxLagMs, inFlight) : (laggardOf(lags, 0) ?? null)) : null;
        if (!laggard) break;
        hold(laggard);
        const left = deadline - performance.now();
        if (left <= 0) throw refuse(laggard);
        await somethingChanges(Math.min(left, intervalMs * 2));
      }
      release();
      inFlight += 1;
      try {
        return await write();
      } finally {
        inFlight -= 1;
        wakeWaiters();
      }
    },
  };
}
