import { describe, expect, it } from 'vitest';
import { eachInFlight } from './in-flight.js';

/** A task per item that ends when the test says so. */
function controlledTasks() {
  const started: number[] = [];
  const ends = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const task = (item: number) =>
    new Promise<void>((resolve, reject) => {
      started.push(item);
      ends.set(item, { resolve, reject });
    });
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { started, ends, task, settle };
}

describe('eachInFlight', () => {
  it('keeps at most the given number of tasks running, starting them in order', async () => {
    const { started, ends, task, settle } = controlledTasks();
    const all = eachInFlight([1, 2, 3, 4, 5], 2, task);
    await settle();
    expect(started).toEqual([1, 2]);
    ends.get(2)!.resolve();
    await settle();
    expect(started).toEqual([1, 2, 3]);
    for (const item of [1, 3, 4, 5]) {
      ends.get(item)!.resolve();
      await settle();
    }
    await expect(all).resolves.toBeUndefined();
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts nothing after a failure and throws it only once the running tasks have ended', async () => {
    const { started, ends, task, settle } = controlledTasks();
    let thrown: unknown;
    const all = eachInFlight([1, 2, 3, 4], 2, task).catch((error: unknown) => (thrown = error));
    await settle();
    ends.get(1)!.reject(new Error('connection lost'));
    await settle();
    expect(started).toEqual([1, 2]);
    expect(thrown).toBeUndefined();
    ends.get(2)!.resolve();
    await all;
    expect(started).toEqual([1, 2]);
    expect(thrown).toEqual(new Error('connection lost'));
  });

  it('runs nothing for no items', async () => {
    const { started, task } = controlledTasks();
    await eachInFlight([], 4, task);
    expect(started).toEqual([]);
  });
});
