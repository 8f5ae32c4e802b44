import { problems } from '../problems/catalogue.js';
import { ProblemError } from '../problems/problem.js';

/**
 * Bounds how many expensive requests (a dry run over every customer, an export) run at once in
 * this process: one more is refused at once with 429 and retry-after instead of queueing behind
 * them on the budget of cheap reads (OWASP API4).
 */
export function concurrencyLimit(max: number, what: string, retryAfterSeconds = 5) {
  let running = 0;
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= max) {
      throw new ProblemError(problems.CTP_RATE_LIMITED, `${running} ${what} already running (at most ${max} at once); retry later`, [], { retryAfter: retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
    }
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
    }
  };
}
