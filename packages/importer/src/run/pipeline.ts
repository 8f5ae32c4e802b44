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
 */
export async function* inOrder<T, R>(items: AsyncIterable<T>, concurrency: number, task: (item: T) => Promise<R>): AsyncGenerator<R> {
  const running: Promise<R>[] = [];
  for await (const item of items) {
    const started = task(item);
    started.catch(() => undefined);
    running.push(started);
    if (running.length >= concurrency) yield await running.shift()!;
  }
  while (running.length > 0) yield await running.shift()!;
}
