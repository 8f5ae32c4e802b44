/** A service answers 429 while it is busy and 503 while it starts or a read model has not caught up yet. */
const retryable = new Set([429, 503]);

/** How long a loader keeps sending a request that the service answers with 429 or 503 before it gives up. */
export const DEFAULT_PATIENCE_MS = 180_000;

const retryAfterMs = (response: Response) => Math.min(Number(response.headers.get('retry-after')) || 1, 10) * 1000;

/**
 * Sends the request, and again after each answer's Retry-After (at most 10 s) while the service answers
 * 429 or 503, until `patienceMs` has passed: on a busy machine a read model may need minutes to catch up.
 */
export async function fetchPatiently(url: string, init: RequestInit, patienceMs = DEFAULT_PATIENCE_MS): Promise<Response> {
  const giveUpAt = performance.now() + patienceMs;
  for (;;) {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const wait = retryAfterMs(response);
    if (!retryable.has(response.status) || performance.now() + wait > giveUpAt) return response;
    await response.body?.cancel();
    await new Promise((done) => setTimeout(done, wait));
  }
}
