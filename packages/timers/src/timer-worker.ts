import { backoffMs, backoffPolicy, type BackoffPolicy } from './backoff.js';
import { TimerParkedError } from './timer-kind.js';
import type { ClaimedBatch, TimerLeases } from './timer-store.js';
import type { Timer } from './timer.js';

export interface TimerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const silentLogger: TimerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface TimerHandlerContext {
  /**
   * Aborted when this worker lost the timer while the handler ran (its lease could not be renewed in
   * time and another worker may have claimed it, or it was rescheduled or cancelled meanwhile).
   * Stopping the worker does not abort it: stop() waits for the handler in hand.
   */
  readonly signal: AbortSignal;
}

/**
 * Reacts to a due timer. MUST be idempotent: a timer can fire more than once (a worker that crashed,
 * or lost its database connection, after the handler's effect but before recording the timer fired
 * leaves a lease that runs out, and then the timer fires again). Make the effect keyed by the timer
 * (append events with ids derived from timer.id, upsert by key, ...) so a second firing changes
 * nothing. See docs/timers.md.
 */
export type TimerHandler = (timer: Timer, context: TimerHandlerContext) => Promise<void>;

export interface TimerWorkerOptions {
  readonly store: TimerLeases;
  readonly handle: TimerHandler;
  /** Only these kinds (default: all). */
  readonly kinds?: readonly string[];
  /** The clock deciding what is due, leases and retry times (default: this process's clock). */
  readonly now?: () => Date;
  /** How often to look for due timers when none is known to be due sooner (default 1 000 ms). */
  readonly pollIntervalMs?: number;
  /** Timers claimed at once and then handled one after the other (default 10). */
  readonly batchSize?: number;
  /**
   * How long a claimed timer stays reserved for this worker (default 30 000 ms); renewed every third
   * of it while the batch is in hand. After a crash the timer fires again once the lease ran out.
   */
  readonly leaseMs?: number;
  /** Retry delays after a failed handler (default: 1 s doubling up to 5 min, 20 % jitter). */
  readonly backoff?: Partial<BackoffPolicy>;
  /**
   * Attempts before a failing timer is parked with its last error (default 20: with the default
   * backoff, about an hour of failures). A handler throwing TimerParkedError parks it at once.
   */
  readonly maxAttempts?: number;
  /**
   * Failures that say nothing about the timer (a server down: `isRetriable` of @ctp/event-bus) are
   * retried with the backoff however many attempts were made, never parked. Default: none.
   */
  readonly isRetriable?: (error: unknown) => boolean;
  readonly logger?: TimerLogger;
  /** Handler failures (with the timer) and database errors of the worker's own queries. */
  readonly onError?: (error: unknown, timer?: Timer) => void;
}

export interface TimerWorker {
  /** Stops claiming, waits for the handler in hand, hands back claimed timers it did not start. */
  stop(): Promise<void>;
  /** Settles once the worker has stopped. */
  readonly finished: Promise<void>;
  /** Look for due timers now instead of at the next poll. */
  wake(): void;
}

const defaults = { pollIntervalMs: 1_000, batchSize: 10, leaseMs: 30_000, maxAttempts: 20 };
/** Shortest pause between polls when timers are due but none could be claimed (held by another worker). */
const minPauseMs = 10;

export function startTimerWorker(options: TimerWorkerOptions): TimerWorker {
  const store = options.store;
  const now = options.now ?? (() => new Date());
  const pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? defaults.pollIntervalMs);
  const batchSize = positive('batchSize', options.batchSize ?? defaults.batchSize);
  const leaseMs = positive('leaseMs', options.leaseMs ?? defaults.leaseMs);
  const policy = backoffPolicy(options.backoff);
  const maxAttempts = positive('maxAttempts', options.maxAttempts ?? defaults.maxAttempts);
  const isRetriable = options.isRetriable ?? (() => false);
  const kinds = options.kinds ? [...options.kinds] : null;
  const logger = options.logger ?? silentLogger;
  const table = store.name.qualified;

  let stopping = false;
  let wakeRequested = false;
  let sleeping: { until: number; done: () => void } | undefined;

  function report(error: unknown, message: string, timer?: Timer): void {
    const details = timer ? { table, timerId: timer.id, kind: timer.kind, attempts: timer.attempts, err: error } : { table, err: error };
    (timer ? logger.warn : logger.error).call(logger, details, message);
    try {
      options.onError?.(error, timer);
    } catch {
      // a throwing onError must not stop the worker
    }
  }

  function wake(): void {
    if (sleeping) sleeping.done();
    else wakeRequested = true;
  }

  function sleep(ms: number): Promise<void> {
    if (wakeRequested || stopping) {
      wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        sleeping = undefined;
        resolve();
      };
      const timeout = setTimeout(done, ms);
      sleeping = { until: Date.now() + ms, done };
    });
  }

  const unsubscribe = store.onScheduled((kind, dueAt) => {
    if (kinds && !kinds.includes(kind)) return;
    // Wake only if the new timer is due before the worker would look again anyway.
    if (sleeping && dueAt.getTime() - now().getTime() >= sleeping.until - Date.now()) return;
    wake();
  });

  async function handleBatch(batch: ClaimedBatch): Promise<void> {
    const held = new Map(batch.timers.map((timer) => [timer.id, new AbortController()]));
    const renewEvery = Math.max(1, Math.floor(leaseMs / 3));
    let renewing: Promise<void> | undefined;
    const heartbeat = setInterval(() => {
      renewing ??= store
        .renew(batch.token, new Date(now().getTime() + leaseMs))
        .then((still) => {
          for (const [id, controller] of held) {
            if (still.has(id)) continue;
            held.delete(id);
            logger.warn({ table, timerId: id }, 'timer lease lost (expired and claimed elsewhere, rescheduled or cancelled)');
            controller.abort(new Error(`lease on timer ${id} lost`));
          }
        })
        .catch((error: unknown) => report(error, 'renewing timer leases failed'))
        .finally(() => (renewing = undefined));
    }, renewEvery);
    try {
      for (const timer of batch.timers) {
        if (stopping) break;
        const controller = held.get(timer.id);
        if (!controller) continue;
        await fire(timer, batch.token, controller.signal);
        held.delete(timer.id);
      }
    } finally {
      clearInterval(heartbeat);
      await renewing;
      if (held.size > 0) {
        await store.release([...held.keys()], batch.token, now()).catch((error: unknown) => report(error, 'handing back unstarted timers failed'));
      }
    }
  }

  async function fire(timer: Timer, token: string, signal: AbortSignal): Promise<void> {
    try {
      await options.handle(timer, { signal });
    } catch (error) {
      if (error instanceof TimerParkedError || (timer.attempts >= maxAttempts && !isRetriable(error))) return park(timer, token, error);
      const delay = backoffMs(timer.attempts, policy);
      report(error, `timer handler failed; retrying in ${delay} ms`, timer);
      await store
        .fail(timer.id, token, errorText(error), new Date(now().getTime() + delay))
        .catch((failed: unknown) => report(failed, 'recording a timer failure failed; it fires again when its lease runs out'));
      return;
    }
    try {
      const recorded = await store.complete(timer.id, token, now());
      if (!recorded) logger.warn({ table, timerId: timer.id }, 'timer fired but this worker no longer held it; not recorded as fired by this worker');
    } catch (error) {
      report(error, 'recording a fired timer failed; it fires again when its lease runs out', timer);
    }
  }

  async function park(timer: Timer, token: string, error: unknown): Promise<void> {
    const reason = error instanceof TimerParkedError ? error.message : `handler_failed after ${timer.attempts} attempts: ${errorText(error)}`;
    report(error, `timer parked (${reason})`, timer);
    await store
      .park(timer.id, token, reason.slice(0, 2_100), now())
      .catch((failed: unknown) => report(failed, 'parking a timer failed; it fires again when its lease runs out'));
  }

  async function run(): Promise<void> {
    while (!stopping) {
      let claimed = 0;
      try {
        const batch = await store.claim({ now: now(), leaseMs, limit: batchSize, kinds });
        claimed = batch.timers.length;
        if (claimed > 0) await handleBatch(batch);
      } catch (error) {
        report(error, 'claiming due timers failed');
        await sleep(pollIntervalMs);
        continue;
      }
      if (stopping) break;
      if (claimed === batchSize) continue;
      let delay = pollIntervalMs;
      try {
        const next = await store.nextDue(kinds ?? undefined);
        if (next) delay = Math.min(pollIntervalMs, Math.max(minPauseMs, next.getTime() - now().getTime()));
      } catch (error) {
        report(error, 'looking up the next due timer failed');
      }
      await sleep(delay);
    }
  }

  const finished = run().finally(unsubscribe);
  const worker: TimerWorker = {
    finished,
    wake,
    async stop() {
      stopping = true;
      sleeping?.done();
      await finished;
    },
  };
  const untrack = store.track(worker);
  void finished.then(untrack, untrack);
  return worker;
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`timer worker: ${name} must be a positive number`);
  return value;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}
