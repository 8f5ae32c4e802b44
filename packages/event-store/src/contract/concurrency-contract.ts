import { describe, expect, it } from 'vitest';
import type { ContractAdapter, ContractSubject } from './contract-subject.js';
import { followWhileWriting, type WritingLoad } from './follow-while-writing.js';
import { eventually, freshStream, maxPosition, readFeed, testEvent } from './fixtures.js';

export const contractLoad: WritingLoad = { writers: 8, appendsPerWriter: 200, maxDelayMs: 3, lateCommitMs: 400 };

export function concurrencyContract(adapter: ContractAdapter, subject: () => ContractSubject): void {
  describe('concurrent writers', () => {
    it(`${contractLoad.writers} writers x ${contractLoad.appendsPerWriter} appends: readAll and a subscription see every event once, in position order`, async () => {
      const current = subject();
      const start = await current.store.headPosition();
      const delivered: string[] = [];
      const deliveredIds = new Set<string>();
      const positions: string[] = [];
      const subscription = current.store.subscribeToAll({
        after: start,
        maxBatchSize: 50,
        onEvents: async (events) => {
          for (const event of events) {
            positions.push(event.globalPosition);
            delivered.push(event.id);
            deliveredIds.add(event.id);
          }
        },
      });
      const report = await followWhileWriting(current, current.store, contractLoad);
      const total = contractLoad.writers * contractLoad.appendsPerWriter;
      await eventually('the subscription to deliver every event', () => report.appendedIds.every((id) => deliveredIds.has(id)), 30_000);
      await subscription.stop();
      process.stdout.write(`[${adapter.name}] ${total} concurrent appends: written in ${report.writeMs} ms, followed in ${report.totalMs} ms\n`);

      expect(report.appendedIds).toHaveLength(total);
      expect(report.readIds).toHaveLength(total);
      expect(new Set(report.readIds)).toEqual(new Set(report.appendedIds));
      expect(report.readInOrder).toBe(true);
      const ours = new Set(report.appendedIds);
      const subscribed = delivered.filter((id) => ours.has(id));
      expect(subscribed).toHaveLength(total);
      expect(new Set(subscribed).size).toBe(total);
      expect(positions.every((position, index) => index === 0 || BigInt(positions[index - 1]!) < BigInt(position))).toBe(true);
    });

    it('keeps a stream in revision order in the global feed when writers share the stream', async () => {
      const { store } = subject();
      const start = await store.headPosition();
      const streamId = freshStream('shared');
      const positions: string[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let index = 0; index < 15; index += 1) {
            positions.push((await store.append(streamId, [testEvent(streamId)], { expectedRevision: 'any' })).lastPosition);
          }
        }),
      );
      const feed = await readFeed(store, start, new Set([streamId]), { until: maxPosition(positions), pageSize: 50 });
      expect(feed.map((event) => event.revision)).toEqual(Array.from({ length: 120 }, (_, index) => index));
    });

    it.skipIf(!adapter.holdsTransactionsOpen)('holds readers back while an earlier position is uncommitted, then delivers it first', async () => {
      const current = subject();
      const { store } = current;
      const start = await store.headPosition();
      const [slow, fast] = [freshStream('slow'), freshStream('fast')];
      let whileOpen: { fastPosition: string; visible: number } | undefined;
      const late = await current.appendHeldOpen!(slow, [testEvent(slow)], 'no_stream', async () => {
        const committed = await store.append(fast, [testEvent(fast)], { expectedRevision: 'no_stream' });
        const visible = (await store.readAll({ after: start, limit: 100 })).filter((event) => event.streamId === slow || event.streamId === fast);
        whileOpen = { fastPosition: committed.lastPosition, visible: visible.length };
      });
      expect(BigInt(late.lastPosition) < BigInt(whileOpen!.fastPosition)).toBe(true);
      expect(whileOpen!.visible).toBe(0);
      const after = await readFeed(store, start, new Set([slow, fast]), { until: whileOpen!.fastPosition });
      expect(after.map((event) => event.streamId)).toEqual([slow, fast]);
    });
  });
}
