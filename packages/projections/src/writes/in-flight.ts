/**
 * Runs task on every item, at most `inFlight` at a time, in order. After a failure no item is started, and the failure
 * is thrown only once every started task has ended: a batch retried after it never writes beside its own earlier attempt.
 */
export async function eachInFlight<T>(items: readonly T[], inFlight: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      await task(item).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const ended = await Promise.allSettled(Array.from({ length: Math.min(inFlight, items.length) }, worker));
  const failure = ended.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}
