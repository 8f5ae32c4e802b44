/** Timing and statistics helpers shared by every benchmark path. */

export interface Measurement {
  readonly events: number;
  readonly ms: number;
}

export interface Throughput {
  /** Median events/s over the repeats. */
  readonly median: number;
  readonly samples: readonly number[];
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarizeLatency(values: readonly number[]): LatencySummary {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: Math.max(...values),
  };
}

export function eventsPerSecond({ events, ms }: Measurement): number {
  if (ms <= 0) throw new RangeError('a measurement needs a positive duration');
  return (events * 1000) / ms;
}

/** (max - min) / median of the samples, e.g. 0.12 for a 12 % spread. */
export function spread(samples: readonly number[]): number {
  return (Math.max(...samples) - Math.min(...samples)) / median(samples);
}

/** Milliseconds a call takes. */
export async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/**
 * Runs ours and raw side by side `repeats` times, alternating which goes first so drift on a
 * shared machine does not favour either; returns the median throughput of each.
 */
export async function sideBySide(
  repeats: number,
  ours: (repeat: number) => Promise<Measurement>,
  raw: (repeat: number) => Promise<Measurement>,
): Promise<{ ours: Throughput; raw: Throughput }> {
  const result = await sideBySideGrid(repeats, [ours], raw);
  return { ours: result.ours[0]!, raw: result.raw };
}

/**
 * sideBySide for several variants of ours (a grid of settings) against one raw limit: even
 * repeats run every variant in order and then raw, odd repeats raw first and the variants in
 * reverse order; returns the median throughput of each variant and of raw.
 */
export async function sideBySideGrid(
  repeats: number,
  ours: readonly ((repeat: number) => Promise<Measurement>)[],
  raw: (repeat: number) => Promise<Measurement>,
): Promise<{ ours: Throughput[]; raw: Throughput }> {
  const oursSamples: number[][] = ours.map(() => []);
  const rawSamples: number[] = [];
  const throughput = (samples: number[]): Throughput => ({ median: median(samples), samples });
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    const variants = ours.map((run, index) => async () => oursSamples[index]!.push(eventsPerSecond(await run(repeat))));
    const rawRun = async () => rawSamples.push(eventsPerSecond(await raw(repeat)));
    const order = repeat % 2 === 0 ? [...variants, rawRun] : [rawRun, ...variants.reverse()];
    for (const run of order) await run();
  }
  return { ours: oursSamples.map(throughput), raw: throughput(rawSamples) };
}

/** Runs `count` tasks with at most `concurrency` in flight, in index order. */
export async function inParallel(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true; throws after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Rejects when `promise` has not settled after `ms`, so a stuck path fails instead of hanging the run. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
