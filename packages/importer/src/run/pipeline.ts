/** Leaves out the first `count` items: rows an earlier run already settled. */
export async function* skip<T>(items: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  let seen = 0;
  for await (const item of items) {
    if (seen++ >= count) yield item;
  }
}

export async function* chunks<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Runs up to `concurrency` tasks at once and yields their results in the order the tasks came,
 * so results can be committed as a contiguous prefix. A task's failure surfaces when its turn comes.
 * A task starts only once every earlier task sharing one of its keys has settled: with customer ids
 * as keys, a customer's facts reach the server in file order however many requests are in flight.
 */
export async function* inOrder<T, R>(
  items: AsyncIterable<T>,
  concurrency: number,
  task: (item: T) => Promise<R>,
  keysOf: (item: T) => Iterable<string> = () => [],
): AsyncGenerator<R> {
  const running: { readonly result: Promise<R>; readonly keys: ReadonlySet<string> }[] = [];
  for await (const item of items) {
    const keys = new Set(keysOf(item));
    const earlier = running.filter((other) => [...keys].some((key) => other.keys.has(key))).map((other) => other.result);
    const result = Promise.allSettled(earlier).then(() => task(item));
    result.catch(() => undefined);
    running.push({ result, keys });
    if (running.length >= concurrency) yield await running.shift()!.result;
  }
  while (running.length > 0) yield await running.shift()!.result;
}
