import { describe, expect, it } from 'vitest';
import { heldWrites } from './retention-month-follower.js';

describe("a batch's writes awaited together", () => {
  it('hold a write that fails while the batch awaits something else, and fail with it when settled: no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const writes = heldWrites();
      writes.add(Promise.reject(new Error('connection terminated')));
      writes.add(Promise.resolve());
      // The batch goes on reading while the write has failed: a turn of the event loop reports unhandled rejections.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      await expect(writes.settled()).rejects.toThrow('connection terminated');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
