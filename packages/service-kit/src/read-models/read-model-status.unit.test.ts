import { describe, expect, it } from 'vitest';
import { ReadModelMonitor, type PartitionProgressLike, type ReadModelSource } from './read-model-status.js';

function source(partitions: () => PartitionProgressLike[]): ReadModelSource {
  return { name: 'customer-summary', groupId: 'ctp.projection.customer-summary', lag: async () => partitions(), status: () => ({ state: 'running', error: null, ready: true, reason: null }) };
}

const partition = (index: number, high: number, lag: number, position: string | null): PartitionProgressLike => ({
  topic: 'ctp.events.customer',
  partition: index,
  committedOffset: String(high - lag),
  highWatermark: String(high),
  lag,
  lastAppliedPosition: position,
});

describe('a read model monitor', () => {
  it('reports the newest position applied, the lag, and the rate between samples', async () => {
    let now = 0;
    let partitions = [partition(0, 1_000, 400, '1200'), partition(1, 500, 0, '1500')];
    const monitor = new ReadModelMonitor(
      source(() => partitions),
      () => now,
    );
    const first = await monitor.status('3000');
    expect(first).toMatchObject({ position: '1500', head: '3000', lagEvents: 400, eventsPerSecond: null, catchUpSeconds: null, healthy: true });
    now = 2_000;
    partitions = [partition(0, 1_000, 0, '2999'), partition(1, 500, 0, '1500')];
    expect(await monitor.status('3000')).toMatchObject({ position: '2999', lagEvents: 0, eventsPerSecond: 200, catchUpSeconds: 0 });
  });

  it('estimates the time to catch up from the recent rate', async () => {
    let now = 0;
    let high = 10_000;
    const monitor = new ReadModelMonitor(
      source(() => [partition(0, high, high - 1_000 - now, null)]),
      () => now,
    );
    await monitor.status(null);
    now = 1_000;
    high = 12_000;
    // consumed went from 1,000 to 2,000 in one second, 10,000 are still behind
    expect(await monitor.status(null)).toMatchObject({ eventsPerSecond: 1_000, lagEvents: 10_000, catchUpSeconds: 10, position: null });
  });
});
