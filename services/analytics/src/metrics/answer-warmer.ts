import { setTimeout as sleep } from 'node:timers/promises';
import type { BackgroundWork, Logger } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';

export interface AnswerWarmerOptions {
  /** The service's routes with their answer cache (available once HTTP serves, when background work starts). */
  readonly app: () => FastifyInstance;
  /** A key that may read every request below (the service's own, see `inProcessKey`). */
  readonly key: string;
  /** What to count: the URLs readers are expected to ask first. */
  readonly requests: () => readonly string[];
  /** What the answers depend on besides the URL: the read side's version and the business date. */
  readonly state: () => Promise<string>;
  /** At most one round of counting in this long. */
  readonly intervalMs: number;
  /** How often the state is looked at (default 2 s). */
  readonly pollMs?: number;
  readonly logger: Logger;
}

/**
 * Counts `requests` through the service's own routes whenever the state they depend on has changed, one after
 * another, so the answer cache holds their answers before anyone asks: the first reader after a start or after new
 * events gets a kept answer instead of waiting for a count. One round at a time; a round started while the read side
 * moves leaves the state it read, so the next look counts again.
 */
export function answerWarmer(options: AnswerWarmerOptions): BackgroundWork {
  const pollMs = options.pollMs ?? 2_000;
  let stopping: AbortController | null = null;
  let loop: Promise<void> = Promise.resolve();
  let counted: string | null = null;
  let lastRoundMs = Number.NEGATIVE_INFINITY;

  const round = async () => {
    const state = await options.state();
    if (state === counted || performance.now() - lastRoundMs < options.intervalMs) return;
    lastRoundMs = performance.now();
    const refused: string[] = [];
    for (const url of options.requests()) {
      if (stopping?.signal.aborted) return;
      const answer = await options.app().inject({ method: 'GET', url, headers: { authorization: `Bearer ${options.key}` } });
      if (answer.statusCode !== 200) refused.push(`${url}: ${answer.statusCode}`);
    }
    counted = state;
    const tookMs = Math.round(performance.now() - lastRoundMs);
    if (refused.length > 0) options.logger.warn({ refused, tookMs }, 'answers counted ahead of their readers, some refused');
    else options.logger.info({ requests: options.requests().length, tookMs }, 'answers counted ahead of their readers');
  };
  const keepCounting = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      await round().catch((error: unknown) => options.logger.warn({ err: error }, 'answers could not be counted ahead of their readers; trying again'));
      await sleep(pollMs, undefined, { signal }).catch(() => undefined);
    }
  };

  return {
    name: 'answer warmer',
    async start() {
      stopping = new AbortController();
      loop = keepCounting(stopping.signal);
    },
    async stop() {
      stopping?.abort();
      await loop;
    },
  };
}
