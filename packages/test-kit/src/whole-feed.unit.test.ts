import { describe, expect, it } from 'vitest';
import { wholeFeed } from './whole-feed.js';

const event = (position: number) => ({ globalPosition: String(position) });

/** A feed of `count` events whose gap-safe horizon stands at `visible` until the read numbered `releasedAt`. */
function heldBackFeed(count: number, visible: number, releasedAt = Infinity) {
  const reads: (string | null)[] = [];
  return {
    reads,
    newestPosition: async () => (count === 0 ? null : String(count)),
    readAll: async ({ after, limit }: { after: string | null; limit: number }) => {
      reads.push(after);
      const horizon = reads.length >= releasedAt ? count : visible;
      const from = after === null ? 1 : Number(after) + 1;
      const page = Array.from({ length: Math.max(0, Math.min(horizon, from + limit - 1) - from + 1) }, (_, i) => event(from + i));
      return page;
    },
  };
}

describe('the whole feed', () => {
  it('reads on past a held-back horizon until the newest committed event is in, each event once', async () => {
    const feed = heldBackFeed(12, 7, 4);
    expect((await wholeFeed(feed)).map(({ globalPosition }) => globalPosition)).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expect(feed.reads[0]).toBeNull();
    expect(feed.reads).toEqual([null, '7', '7', '7']);
  });

  it('starts after a given position, and answers nothing for an empty store', async () => {
    expect((await wholeFeed(heldBackFeed(5, 5), '3')).map(({ globalPosition }) => globalPosition)).toEqual(['4', '5']);
    expect(await wholeFeed(heldBackFeed(0, 0))).toEqual([]);
  });

  it('names where it stopped when the horizon never reaches the newest event', async () => {
    await expect(wholeFeed(heldBackFeed(9, 4), null, 200)).rejects.toThrow('the feed stayed at 4 for 200 ms, short of the newest position 9');
  });
});
