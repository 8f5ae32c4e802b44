import { describe, expect, it } from 'vitest';
import { ProjectionWaitTimeoutError } from '../errors.js';
import type { PartitionProgress } from './partition-progress.js';
import { PositionWaiter } from './position-waiter.js';

function progress(nextOffset: string, lastAppliedPosition: string): PartitionProgress {
  return { topic: 't', partition: 0, lowWatermark: '0', highWatermark: '3', committedOffset: null, nextOffset, lastAppliedPosition, updatedAt: null };
}

describe('PositionWaiter', () => {
  it('resolves once the position is published and applied', async () => {
    let state = { published: '10', partition: progress('1', '10') };
    const waiter = new PositionWaiter({ published: async () => state.published, partitions: async () => [state.partition] }, 'p', 10);
    const waiting = waiter.waitFor('30', 2_000);
    setTimeout(() => (state = { published: '30', partition: progress('2', '20') }), 30);
    setTimeout(() => {
      state = { published: '30', partition: progress('3', '30') };
      waiter.notify();
    }, 60);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('reads publication before the partitions, once for concurrent waiters', async () => {
    const reads: string[] = [];
    const waiter = new PositionWaiter(
      {
        published: async () => (reads.push('published'), '5'),
        partitions: async () => (reads.push('partitions'), [progress('3', '5')]),
      },
      'p',
    );
    await Promise.all([waiter.waitFor('5', 100), waiter.waitFor('4', 100)]);
    expect(reads).toEqual(['published', 'partitions']);
  });

  it('rejects with a timeout error naming the projection and position', async () => {
    const waiter = new PositionWaiter({ published: async () => null, partitions: async () => [] }, 'purchase-totals', 5);
    const error = await waiter.waitFor('42', 30).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectionWaitTimeoutError);
    expect(error).toMatchObject({ projection: 'purchase-totals', position: '42', timeoutMs: 30, code: 'projection_wait_timeout' });
  });
});
