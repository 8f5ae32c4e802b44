import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { consumeInParts, defaultBatchPacing } from './batch-parts.js';

function payload(count: number, overrides: { running?: () => boolean; stale?: () => boolean; heartbeat?: () => Promise<void> } = {}) {
  const messages = Array.from({ length: count }, (_, index) => ({ offset: String(10 + index) }) as KafkaMessage);
  const resolved: string[] = [];
  const commits: string[] = [];
  const batch = { topic: 't', partition: 0, messages, highWatermark: String(10 + count), firstOffset: () => '10' };
  const given = {
    batch,
    resolveOffset: (offset: string) => void resolved.push(offset),
    commitOffsetsIfNecessary: async (offsets?: { topics: { partitions: { offset: string }[] }[] }) => void commits.push(offsets?.topics[0]?.partitions[0]?.offset ?? 'none'),
    heartbeat: overrides.heartbeat ?? (async () => undefined),
    isRunning: overrides.running ?? (() => true),
    isStale: overrides.stale ?? (() => false),
  } as unknown as EachBatchPayload;
  return { given, resolved, commits };
}

describe('consumeInParts', () => {
  it('handles, resolves and commits the batch part by part with explicit offsets', async () => {
    const { given, resolved, commits } = payload(5);
    const parts: number[] = [];
    await consumeInParts(given, { ...defaultBatchPacing, maxMessagesPerPart: 2 }, async (messages) => void parts.push(messages.length));
    expect(parts).toEqual([2, 2, 1]);
    expect(resolved).toEqual(['11', '13', '14']);
    expect(commits).toEqual(['12', '14', '15']);
  });

  it('resolves a part only once its commit passed, so kafkajs delivers a part whose commit failed again', async () => {
    const { given, resolved } = payload(4);
    let commits = 0;
    const failingSecondCommit = {
      ...given,
      commitOffsetsIfNecessary: async () => {
        commits += 1;
        if (commits === 2) throw new Error('write ECONNABORTED');
      },
    };
    await expect(consumeInParts(failingSecondCommit, { ...defaultBatchPacing, maxMessagesPerPart: 2 }, async () => undefined)).rejects.toThrow('ECONNABORTED');
    expect(resolved).toEqual(['11']);
  });

  it('stops after the part in hand once the time budget is spent, the consumer stops or the partition is sought', async () => {
    for (const overrides of [{}, { running: () => false }, { stale: () => true }]) {
      const { given, commits } = payload(5, overrides);
      const budget = 'running' in overrides || 'stale' in overrides ? 60_000 : 0;
      await consumeInParts(given, { ...defaultBatchPacing, maxMessagesPerPart: 2, maxBatchMs: budget }, async () => undefined);
      expect(commits).toEqual(['12']);
    }
  });

  it('commits the part in hand, then rethrows a failed background heartbeat so kafkajs rejoins', async () => {
    let beaten: () => void = () => undefined;
    const heartbeatFailed = new Promise<void>((resolve) => (beaten = resolve));
    const heartbeat = () => {
      beaten();
      return Promise.reject(new Error('The group is rebalancing'));
    };
    const { given, commits } = payload(4, { heartbeat });
    let releasePart: () => void = () => undefined;
    const run = consumeInParts(given, { maxMessagesPerPart: 2, maxBatchMs: 60_000, heartbeatEveryMs: 5 }, (messages) =>
      messages[0]?.offset === '10' ? new Promise<void>((resolve) => (releasePart = resolve)) : Promise.resolve(),
    );
    await heartbeatFailed;
    await new Promise(setImmediate);
    releasePart();
    await expect(run).rejects.toThrow('The group is rebalancing');
    expect(commits).toEqual(['12']);
  });
});
