import { describe, expect, it } from 'vitest';
import { processMemoryOf } from './process-memory.js';

describe('a process\'s resident memory', () => {
  it('reads this process\'s from /proc, its peak at least its current size, and none for a process that is gone', async () => {
    const memory = await processMemoryOf(process.pid);
    expect(memory!.rssKiB).toBeGreaterThan(10 * 1024);
    expect(memory!.peakKiB).toBeGreaterThanOrEqual(memory!.rssKiB);
    expect(await processMemoryOf(2 ** 22 + 1)).toBeNull();
  });
});
