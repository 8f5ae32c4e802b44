import { setTimeout as delay } from 'node:timers/promises';
import { FatalError } from '../errors.js';
import type { Answer, SendFacts } from './intake-client.js';
import { defaultBackoff, retryDelayMs, type BackoffOptions } from './retry-policy.js';

export type FinalAnswer = Exclude<Answer, { kind: 'transient' }>;
export type SendUntilFinal = (facts: readonly unknown[], signal: AbortSignal) => Promise<FinalAnswer>;

export interface RetryOptions {
  readonly maxRetries: number;
  readonly backoff?: BackoffOptions;
  readonly onRetry?: (retry: { readonly reason: string; readonly delayMs: number; readonly attempt: number }) => void;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<unknown>;
  readonly random?: () => number;
}

/** Re-sends on transient answers with capped backoff; past maxRetries the import stops (it can resume later). */
export function withRetries(send: SendFacts, options: RetryOptions): SendUntilFinal {
  const sleep = options.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }));
  return async (facts, signal) => {
    for (let attempt = 1; ; attempt++) {
      const answer = await send(facts, signal);
      if (answer.kind !== 'transient') return answer;
      if (attempt > options.maxRetries) {
        throw new FatalError(`intake still failing after ${attempt} attempt(s) (last: ${answer.reason}); run again to resume`);
      }
      const delayMs = retryDelayMs(attempt, answer.retryAfterMs, options.backoff ?? defaultBackoff, options.random);
      options.onRetry?.({ reason: answer.reason, delayMs, attempt });
      await sleep(delayMs, signal);
    }
  };
}
