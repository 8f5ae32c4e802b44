/** How long a failed timer waits before the next attempt. */
export interface BackoffPolicy {
  /** Delay after the first failed attempt (default 1 000 ms). */
  readonly initialMs: number;
  /** Each further failure multiplies the delay by this (default 2). */
  readonly factor: number;
  /** The delay never grows beyond this (default 5 minutes): a failing timer keeps being retried. */
  readonly maxMs: number;
  /**
   * Up to this share of the delay is taken off at random (default 0.2), so timers that failed
   * together (say, a downstream outage) do not all come back in the same instant.
   */
  readonly jitter: number;
}

export const defaultBackoffPolicy: BackoffPolicy = { initialMs: 1_000, factor: 2, maxMs: 5 * 60_000, jitter: 0.2 };

export function backoffPolicy(overrides: Partial<BackoffPolicy> = {}): BackoffPolicy {
  const policy = { ...defaultBackoffPolicy, ...overrides };
  if (!(policy.initialMs >= 0) || !(policy.maxMs >= policy.initialMs)) throw new RangeError('backoff: need 0 <= initialMs <= maxMs');
  if (!(policy.factor >= 1)) throw new RangeError('backoff: factor must be at least 1');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw new RangeError('backoff: jitter must be between 0 and 1');
  return policy;
}

/**
 * The delay before the next attempt, after `attempts` attempts (1 = the first one failed):
 * initialMs * factor^(attempts-1), capped at maxMs, minus up to `jitter` of it. `random` is
 * injectable for tests (a value in [0, 1)).
 */
export function backoffMs(attempts: number, policy: BackoffPolicy = defaultBackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempts) - 1);
  // factor^exponent overflows to Infinity for large exponents; Math.min keeps the cap.
  const full = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  return Math.round(full * (1 - policy.jitter * random()));
}
