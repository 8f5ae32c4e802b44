import { backoffMs, type BackoffPolicy } from '@ctp/timers';

export interface RetrySettings {
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
}

export type AfterFailure = { readonly next: 'retry'; readonly at: Date } | { readonly next: 'park' };

/** After `attempts` failed attempts: once more after the exponential backoff, or park once the bound is reached. */
export function afterFailure(attempts: number, settings: RetrySettings, now: Date, random: () => number = Math.random): AfterFailure {
  if (attempts >= settings.maxAttempts) return { next: 'park' };
  return { next: 'retry', at: new Date(now.getTime() + backoffMs(attempts, settings.backoff, random)) };
}
