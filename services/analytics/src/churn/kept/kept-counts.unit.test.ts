import { describe, expect, it } from 'vitest';
import { keptCounts, type KeptCount } from './kept-counts.js';

interface Counted extends KeptCount {
  readonly value: number;
}

/** A read side whose version the test moves, a clock it sets, counts that take `tookMs` and are kept in a map. */
function harness(tookMs: number) {
  const state = { version: 'v1', now: 100_000, counts: 0 };
  const kept = new Map<string, Counted>();
  const ask = keptCounts<string, Counted>({
    id: (key) => key,
    read: async (key) => kept.get(key) ?? null,
    count: async (key) => {
      state.counts += 1;
      const counted = { readSide: state.version, countStartedAt: new Date(state.now - tookMs), countedAt: new Date(state.now), value: state.counts };
      kept.set(key, counted);
      return counted;
    },
    version: async () => state.version,
    clock: () => new Date(state.now),
    busyShare: 0.1,
  });
  const failed: unknown[] = [];
  const options = { fresh: false, onRecountFailed: (error: unknown) => failed.push(error) };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { state, ask: (key = 'day', fresh = false) => ask(key, { ...options, fresh }), settle, failed };
}

describe('counts kept over the whole read side', () => {
  it('counts once for concurrent first asks, then answers the kept count while the read side stays', async () => {
    const { state, ask } = harness(50);
    const [a, b] = await Promise.all([ask(), ask()]);
    expect([a.count.value, b.count.value, state.counts]).toEqual([1, 1, 1]);
    state.now += 3_600_000;
    expect(await ask()).toEqual({ count: a.count, moved: false });
    expect(state.counts).toBe(1);
  });

  it('once the read side moved: the kept count answers; counted again in the background when older than ten counts took', async () => {
    const { state, ask, settle } = harness(60_000);
    await ask();
    state.version = 'v2';
    state.now += 599_000;
    expect((await ask()).moved).toBe(true);
    await settle();
    expect(state.counts).toBe(1);
    state.now += 1_000;
    const stale = await ask();
    expect([stale.count.value, stale.moved]).toEqual([1, true]);
    await settle();
    expect(state.counts).toBe(2);
    expect(await ask()).toMatchObject({ count: { value: 2, readSide: 'v2' }, moved: false });
  });

  it('a short count is counted again after a second at least; a fresh ask counts at once whatever is kept', async () => {
    const { state, ask, settle } = harness(5);
    await ask();
    state.version = 'v2';
    state.now += 999;
    await ask();
    await settle();
    expect(state.counts).toBe(1);
    expect((await ask('day', true)).count).toMatchObject({ value: 2, readSide: 'v2' });
  });
});
