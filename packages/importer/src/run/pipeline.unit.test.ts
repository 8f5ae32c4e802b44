import { describe, expect, it } from 'vitest';
import { chunks, inOrder, skip } from './pipeline.js';

async function* items<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of source) collected.push(item);
  return collected;
}

const tick = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('pipeline', () => {
  it('skips settled rows and cuts the rest into batches, the last one shorter', async () => {
    expect(await collect(chunks(skip(items([1, 2, 3, 4, 5, 6, 7]), 2), 2))).toEqual([[3, 4], [5, 6], [7]]);
    expect(await collect(chunks(items([]), 3))).toEqual([]);
  });

  it('runs up to `concurrency` tasks at once and yields results in input order', async () => {
    let running = 0;
    let most = 0;
    const finished: number[] = [];
    const task = async (ms: number) => {
      running++;
      most = Math.max(most, running);
      await tick(ms);
      running--;
      finished.push(ms);
      return ms;
    };
    expect(await collect(inOrder(items([30, 5, 20, 1, 10]), 2, task))).toEqual([30, 5, 20, 1, 10]);
    expect(most).toBe(2);
    expect(finished).not.toEqual([30, 5, 20, 1, 10]);
  });

  it('holds a task back until the earlier tasks sharing a key have settled, and runs the others meanwhile', async () => {
    const log: string[] = [];
    const task = async ({ name, ms }: { name: string; keys: string[]; ms: number }) => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      return name;
    };
    const batches = [
      { name: 'a', keys: ['C1', 'C2'], ms: 30 },
      { name: 'b', keys: ['C3'], ms: 5 },
      { name: 'c', keys: ['C2'], ms: 1 },
    ];
    expect(await collect(inOrder(items(batches), 3, task, (batch) => batch.keys))).toEqual(['a', 'b', 'c']);
    expect(log.indexOf('start c')).toBeGreaterThan(log.indexOf('end a'));
    expect(log.indexOf('start b')).toBeLessThan(log.indexOf('end a'));
  });

  it('surfaces a failure in its turn, after the results before it', async () => {
    const seen: number[] = [];
    const task = async (value: number) => {
      await tick(value === 2 ? 1 : 10);
      if (value === 2) throw new Error('batch 2 failed');
      return value;
    };
    await expect(
      (async () => {
        for await (const value of inOrder(items([1, 2, 3]), 3, task)) seen.push(value);
      })(),
    ).rejects.toThrow('batch 2 failed');
    expect(seen).toEqual([1]);
  });
});
