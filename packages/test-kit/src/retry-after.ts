const defaultWaitSeconds = 1;

/** The seconds a Retry-After header asks for, in either of its forms (seconds, or an HTTP date). */
export function retryAfterSeconds(header: string, now = Date.now()): number {
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(header);
  return Number.isNaN(at) ? defaultWaitSeconds : Math.max(0, (at - now) / 1000);
}

/**
 * Sends a request again while it answers 503 with Retry-After, waiting as long as the server asks, the way an
 * integrator following the API's contract does. Only for requests that are safe to repeat. Each retry is written
 * to stderr, so a dependency that was slow stays visible in the test's output.
 */
export async function honouringRetryAfter(send: () => Promise<Response>, what: string, attempts = 5): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await send();
    const retryAfter = response.headers.get('retry-after');
    if (response.status !== 503 || retryAfter === null || attempt === attempts) return response;
    const seconds = retryAfterSeconds(retryAfter);
    process.stderr.write(`${what}: 503 on attempt ${attempt} (${await response.text()}); retrying in ${seconds} s as Retry-After asks\n`);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}
