import type { Logger } from '../logging/logger.js';
import { keepTrying, StartAbortedError } from './keep-trying.js';
import { describeError, isRetriable } from './retriable.js';
import type { StartUpProgress } from './start-up-progress.js';

/** Work a service runs beside HTTP: a projection, a reactor, a timer worker, the relay. */
export interface BackgroundWork {
  readonly name: string;
  /** May be called again after a retriable failure, so it must clean up what a failed attempt left behind. */
  start(): Promise<void>;
  /** Finishes what is in hand; called once, for work that started. */
  stop(): Promise<void>;
  /** Settles when the started work ends by itself (rejects with why); after a retriable error the kit restarts it. */
  readonly ended?: () => Promise<void>;
}

export interface Supervisor {
  /** Stops the works that started, in reverse order, and aborts the ones still waiting to start. */
  stop(): Promise<void>;
}

/**
 * Starts the works in the order given, each once the one before runs, retrying retriable errors
 * until it starts; restarts a work that ends on a retriable error. A non-retriable error is handed
 * to `onFatal`.
 */
export function superviseWorks(works: readonly BackgroundWork[], deps: { logger: Logger; progress: StartUpProgress; onFatal: (work: string, error: unknown) => void }): Supervisor {
  const abort = new AbortController();
  const running = new Set<BackgroundWork>();
  const restarts = new Set<Promise<void>>();
  for (const work of works) deps.progress.starting(work.name);

  const startOne = async (work: BackgroundWork) => {
    await keepTrying(() => work.start(), { what: work.name, logger: deps.logger, signal: abort.signal, onWaiting: (reason) => deps.progress.waiting(work.name, reason) });
    running.add(work);
    deps.progress.running(work.name);
    void watch(work);
  };

  const watch = async (work: BackgroundWork) => {
    if (!work.ended) return;
    const failure = await work.ended().then(() => null, (error: unknown) => error ?? new Error('ended'));
    if (abort.signal.aborted || !running.has(work)) return;
    running.delete(work);
    if (failure === null || !isRetriable(failure)) return deps.onFatal(work.name, failure ?? new Error(`${work.name} ended by itself`));
    deps.logger.warn({ reason: describeError(failure) }, `${work.name}: stopped on a retriable error; restarting`);
    deps.progress.waiting(work.name, describeError(failure));
    const restart = work
      .stop()
      .catch(() => undefined)
      .then(() => startOne(work))
      .catch(settle(work));
    restarts.add(restart);
    await restart.finally(() => restarts.delete(restart));
  };

  const settle = (work: BackgroundWork) => (error: unknown) => {
    if (error instanceof StartAbortedError) return;
    deps.onFatal(work.name, error);
  };

  const all = (async () => {
    for (const work of works) {
      if (abort.signal.aborted) return;
      await startOne(work);
    }
  })().catch((error: unknown) => settle(works.find((work) => !running.has(work)) ?? works[0]!)(error));

  return {
    async stop() {
      abort.abort();
      await Promise.all([all, ...restarts]);
      for (const work of [...works].reverse()) {
        if (!running.delete(work)) continue;
        await work.stop().catch((error: unknown) => deps.logger.error({ err: error }, `${work.name}: stop failed`));
      }
    },
  };
}
