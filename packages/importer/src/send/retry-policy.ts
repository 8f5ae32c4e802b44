export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 250, capMs: 30_000 };

/** Connection errors, 5xx and 429 may succeed later; every other answer is final. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Exponential backoff with a cap and equal jitter: attempt 1 waits about baseMs, then doubling. */
export function backoffMs(attempt: number, options: BackoffOptions = defaultBackoff, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Waits as long as the server's Retry-After says (never under baseMs), else backs off. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, options: BackoffOptions = defaultBackoff, random?: () => number): number {
  return retryAfterMs === undefined ? backoffMs(attempt, options, random) : Math.max(retryAfterMs, options.baseMs);
}
