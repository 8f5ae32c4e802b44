import { describe, expect, it } from 'vitest';
import { consumerReadiness, type ConsumerStatus } from './consumer.js';

const consumer = (status: ReturnType<ConsumerStatus['status']>): ConsumerStatus => ({
  name: 'customer-summary',
  groupId: 'ctp.projection.customer-summary',
  status: () => status,
  start: async () => undefined,
  stop: async () => undefined,
});

describe('a consumer on /ready', () => {
  it('is up while it runs and makes progress', async () => {
    await expect(consumerReadiness(consumer({ state: 'running', error: null, ready: true, reason: null })).check()).resolves.toBeUndefined();
    await expect(consumerReadiness(consumer({ state: 'running', error: null })).check()).resolves.toBeUndefined();
  });

  it('is down when crashed, stopped, or running without progress, saying why', async () => {
    await expect(consumerReadiness(consumer({ state: 'crashed', error: 'Failed to find group coordinator' })).check()).rejects.toThrow('consumer crashed: Failed to find group coordinator');
    await expect(consumerReadiness(consumer({ state: 'stopped', error: null })).check()).rejects.toThrow('consumer stopped');
    await expect(consumerReadiness(consumer({ state: 'running', error: null, ready: false, reason: 'no partitions for 60 s' })).check()).rejects.toThrow('consumer not making progress: no partitions for 60 s');
  });
});
