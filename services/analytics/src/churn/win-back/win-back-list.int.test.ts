import { projectEvents } from '@ctp/projections';
import { createLogger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, postgresUrl } from '@ctp/test-kit';
import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { contactFactProjection } from '../../contacts/contact-fact-projection.js';
import { contactEvents, winBackRequested } from '../../contacts/test-support/contact-events.js';
import { followerStores, type TimedStreamEvent } from '../../test-support/follower-stores.js';
import { fileWinBack, readWinBackList, winBackListDocuments, winBackListFollower } from './win-back-list.js';
import { winBackRoutes } from './win-back-routes.js';

const urls = ['', '?status=all', '?status=fulfilled', '?status=cancelled', '?status=requested', '?customerId=C-1', '?status=all&customerId=C-2', '?status=all&limit=2', '?status=all&format=csv'];
const requested = (customerId: string, day: string): TimedStreamEvent => ({ streamId: `churn-${customerId}`, event: winBackRequested(customerId, 1, `${day}T01:00:00.000Z`), at: `${day}T01:00:00.000Z` });
const onContacts = (customerId: string, at: string, event: TimedStreamEvent['event']): TimedStreamEvent => ({ streamId: `contact-${customerId}`, event, at });

async function answers(db: Db) {
  const app = await testApp({ routes: winBackRoutes({ readModel: { db, readYourWrites: async () => undefined }, timeZone: 'UTC', clock: () => new Date('2026-06-02T00:00:00Z') }) });
  try {
    const bodies: Record<string, unknown> = {};
    for (const url of urls) {
      const response = await app.inject({ url: `/v1/analytics/churn/win-back${url}`, headers: bearer('analyst') });
      expect(response.statusCode, response.body).toBe(200);
      bodies[url] = url.includes('csv') ? response.body : response.json();
    }
    return bodies;
  } finally {
    await app.close();
  }
}

describe('the win-back list the win-back list follower keeps', () => {
  const stores = followerStores('win_back_list', 'test');

  it('answers as the contact facts do, after a batch filed twice and a restart; a cadence obligation is never listed', async () => {
    const { store, db, schema } = await stores.fresh();
    const fromFacts = stores.database('facts');
    try {
      await stores.append([requested('C-1', '2026-05-01'), requested('C-2', '2026-05-02'), requested('C-3', '2026-05-03'), requested('C-4', '2026-05-04')]);
      const [c1, c2, , c4] = await Promise.all(['C-1', 'C-2', 'C-3', 'C-4'].map(async (id) => (await store.readStream(`churn-${id}`))[0]!));
      const cause = (event: typeof c1) => ({ eventId: event!.id, position: event!.globalPosition });
      const contacts = (id: string) => contactEvents(id);
      await stores.append([
        onContacts('C-1', '2026-05-01T02:00:00Z', contacts('C-1').planned([{ id: 'C-1:w', dueAt: '2026-05-05T10:00:00.000Z', kind: 'callback' }], '2026-05-01T02:00:00.000Z', cause(c1))),
        onContacts('C-1', '2026-05-01T03:00:00Z', contacts('C-1').planned([{ id: 'C-1:c', dueAt: '2026-05-06T10:00:00.000Z' }], '2026-05-01T03:00:00.000Z')),
        onContacts('C-1', '2026-05-05T10:00:00Z', contacts('C-1').fellDue('C-1:w', '2026-05-05T10:00:00.000Z')),
        onContacts('C-1', '2026-05-06T10:00:00Z', contacts('C-1').fellDue('C-1:c', '2026-05-06T10:00:00.000Z')),
        onContacts('C-1', '2026-05-08T10:00:00Z', contacts('C-1').overdue('C-1:w', '2026-05-05T10:00:00.000Z', '2026-05-08T10:00:00.000Z')),
        onContacts('C-2', '2026-05-02T02:00:00Z', contacts('C-2').planned([{ id: 'C-2:w', dueAt: '2026-05-06T10:00:00.000Z', kind: 'callback' }], '2026-05-02T02:00:00.000Z', cause(c2))),
      ]);
      const beforeRestart = await store.headPosition();
      await stores.append([
        onContacts('C-2', '2026-05-04T10:00:00Z', contacts('C-2').fulfilled('C-2:w', '2026-05-06T10:00:00.000Z', '2026-05-04T10:00:00.000Z')),
        onContacts('C-4', '2026-05-04T02:00:00Z', contacts('C-4').planned([{ id: 'C-4:w', dueAt: '2026-05-08T10:00:00.000Z', kind: 'callback' }], '2026-05-04T02:00:00.000Z', cause(c4))),
        onContacts('C-4', '2026-05-05T02:00:00Z', contacts('C-4').cancelled(['C-4:w'], '2026-05-05T02:00:00.000Z')),
      ]);
      const feed = await stores.settledFeed();
      await projectEvents(fromFacts, contactFactProjection, feed);
      const expected = await answers(fromFacts);
      expect((expected['?status=all'] as { rows: { status: string }[] }).rows.map(({ status }) => status).sort()).toEqual(['cancelled', 'fulfilled', 'open', 'requested']);

      // A first process files the feed to beforeRestart in batches of 4, the second batch twice (its write lost in a crash).
      const lists = winBackListDocuments(db);
      const upTo = feed.filter(({ globalPosition }) => BigInt(globalPosition) <= BigInt(beforeRestart!));
      let list = null;
      for (let first = 0; first < upTo.length; first += 4) {
        const next = fileWinBack(list, upTo.slice(first, first + 4), new Date(0), false);
        if (first === 4) expect(fileWinBack(list, upTo.slice(first, first + 4), new Date(0), false)).toEqual(next);
        if (list === null) await lists.insertOne(next);
        else await lists.replaceOne({ _id: list._id, position: list.position }, next);
        list = next;
      }
      // A batch of other streams' events moves the list on and leaves its entries as they were.
      const unrelated = { ...upTo.at(-1)!, streamId: 'customer-C-9', globalPosition: `${BigInt(upTo.at(-1)!.globalPosition) + 1n}` };
      expect(fileWinBack(list, [unrelated], new Date(1), true)).toEqual({ ...list, position: unrelated.globalPosition, followedAt: new Date(1), caughtUp: true });
      // Not caught up: the contact facts answer (here none).
      expect(((await answers(db))['?status=all'] as { rows: unknown[] }).rows).toEqual([]);
      const follower = winBackListFollower({ history: store, db, eventStoreUrl: postgresUrl(), schema, clock: () => new Date(0), logger: createLogger('analytics', 'warn'), retryMs: 100 });
      await follower.start();
      const end = feed.at(-1)!.globalPosition;
      await eventually(async () => ((await readWinBackList(db))?.position === end ? true : undefined), `the win-back list at ${end}`, () => '');
      await follower.stop();
      expect((await readWinBackList(db))?.caughtUp).toBe(true);
      // The whole list from the list; one customer's from the contact facts (none here until projected).
      const fromList = await answers(db);
      const none = await answers(stores.database('empty'));
      for (const url of urls) expect(fromList[url], url).toEqual(url.includes('customerId') ? none[url] : expected[url]);
      await projectEvents(db, contactFactProjection, feed);
      expect(await answers(db)).toEqual(expected);
    } finally {
      await stores.cleanUp();
    }
  }, 120_000);
});
