import { randomUUID } from 'node:crypto';
import { compareGlobalPositions, type RecordedEvent } from '@ctp/contracts';
import { createEventStore, envelopes, type EventStore } from '@ctp/event-store';
import { eventually, mongoUrl, postgresUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient, type Collection, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { feedFollower, writeAtPosition, type FeedBatchHandler, type PositionedDocument } from './feed-follower.js';

/** Events counted as of `position`: the head, and a tally the handler keeps beside it. */
interface Counted extends PositionedDocument {
  readonly events: number;
}

describe('a feed follower', () => {
  const client = new MongoClient(mongoUrl());
  let store: EventStore;
  let db: Db;
  let documents: Collection<Counted>;
  let schema: string;
  beforeAll(() => client.connect());
  afterAll(() => client.close());
  const fresh = async () => {
    schema = uniqueName('feed_follower');
    store = await createEventStore(postgresUrl(), { schema });
    db = client.db(uniqueName('feed_follower'));
    documents = db.collection<Counted>('counted');
  };
  const cleanUp = async () => {
    await db.dropDatabase();
    await store.close();
  };
  const append = async (count: number) => {
    let head = '';
    for (let index = 0; index < count; index += 1) {
      const streamId = `customer-F-${index}`;
      const event = { type: 'InteractionRecorded', data: { customerId: `F-${index}`, interactionId: `IX-${index}`, channel: 'online', kind: 'inquiry', direction: 'inbound' } } as const;
      head = (await store.append(streamId, envelopes(streamId, [event], { causationId: randomUUID(), correlationId: 'feed-follower', occurredAt: '2026-06-01T00:00:00.000Z', actor: { kind: 'service', id: 'test' } }), { expectedRevision: 'any' })).lastPosition;
    }
    return head;
  };
  const read = (_id: string) => documents.findOne({ _id });
  const followedTo = (position: string) => eventually(async () => ((await read('head'))?.position === position ? true : undefined), `the head at ${position}`, () => '');

  /** Adds the batch's events to the tally (skipping those it holds already), then answers the head counted on. */
  const tallyThenHead = async (events: readonly RecordedEvent[], head: Counted | null): Promise<Counted> => {
    const last = events.at(-1)!.globalPosition;
    const tally = await read('tally');
    const fresh = events.filter((event) => tally === null || compareGlobalPositions(event.globalPosition, tally.position) > 0);
    if (fresh.length > 0) await writeAtPosition(documents, tally, { _id: 'tally', position: last, events: (tally?.events ?? 0) + fresh.length }, 'the tally');
    return { _id: 'head', position: last, events: (head?.events ?? 0) + events.length };
  };
  const follower = (handler: () => FeedBatchHandler<Counted>, options: { leased: boolean; maxBatchSize: number }) =>
    feedFollower({
      name: 'counted events',
      logger: createLogger('test', 'silent'),
      history: store,
      eventStoreUrl: options.leased ? postgresUrl() : 'esdb://no-lease',
      leaseName: `ctp-feed-follower-test:${schema}`,
      heads: documents,
      headId: 'head',
      handler,
      maxBatchSize: options.maxBatchSize,
      retryMs: 20,
    });

  it('starts again from the documents when another process moved the head past it, and counts each event once', async () => {
    await fresh();
    try {
      const head = await append(30);
      const feed = await store.readAll({ after: null, limit: 100 });
      let runs = 0;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding = true;
      const work = follower(() => {
        runs += 1;
        return async (events, stored) => {
          if (holding) await released;
          return tallyThenHead(events, stored);
        };
      }, { leased: false, maxBatchSize: 4 });
      await work.start();
      await eventually(async () => (runs === 1 ? true : undefined), 'the first run', () => '');

      // The other process follows the first 10 events while this one holds its first batch.
      await writeAtPosition(documents, null, await tallyThenHead(feed.slice(0, 10), null), 'the head');
      holding = false;
      release();
      await followedTo(head);
      await work.stop();
      expect(runs).toBe(2);
      expect(await read('head')).toMatchObject({ position: head, events: 30 });
      expect(await read('tally')).toMatchObject({ position: head, events: 30 });
    } finally {
      await cleanUp();
    }
  });

  it('replays the batch a crash cut off between its documents and the head, in other batches, without counting twice', async () => {
    await fresh();
    try {
      const head = await append(30);
      let batches = 0;
      const crashing = follower(() => async (events, stored) => {
        const next = await tallyThenHead(events, stored);
        batches += 1;
        if (batches === 3) throw new Error('the process died before writing its head');
        return next;
      }, { leased: true, maxBatchSize: 4 });
      await crashing.start();
      await expect(crashing.ended!()).rejects.toThrow('died');
      expect(await read('head')).toMatchObject({ events: 8 });
      expect(await read('tally')).toMatchObject({ events: 12 });

      const restarted = follower(() => tallyThenHead, { leased: true, maxBatchSize: 7 });
      await restarted.start();
      await followedTo(head);
      await restarted.stop();
      await crashing.stop();
      expect(await read('head')).toMatchObject({ position: head, events: 30 });
      expect(await read('tally')).toMatchObject({ position: head, events: 30 });
    } finally {
      await cleanUp();
    }
  });
});
