import type { RecordedEvent } from '@ctp/contracts';
import { createEventStore } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import { createLogger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, mongoUrl, postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { fileFollowUps, followUpFollower, followUpListDocuments, followUpsHeadId, type FollowUpsHead } from './follow-up-follower.js';
import { followUpProjection } from './follow-up-projection.js';
import { followUpReadRoutes } from './follow-up-routes.js';
import { followUpAppends } from './test-support/follow-up-streams.js';

const client = new MongoClient(mongoUrl());
const queries = ['', '?status=open', '?status=overdue', '?status=done', '?owner=agent-1', '?owner=team-9&status=overdue', '?owner=agent-0&status=done', '?status=overdue&offset=2&limit=3', '?limit=4&offset=5', '?offset=1000', '?owner=nobody'];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const streamsIn = (events: readonly RecordedEvent[]) => async (ids: readonly string[]) => new Map(ids.map((id) => [id, events.filter((event) => event.streamId === id)]));

/** The route's answer to each query, on `db` (lists, read model or both). */
async function answers(db: Db, minPosition?: string) {
  const app = await testApp({ routes: followUpReadRoutes({ db, readYourWrites: async () => undefined }) });
  const bodies = [];
  for (const query of queries) {
    const answer = await app.inject({ url: `/v1/follow-ups${query}${minPosition ? `${query ? '&' : '?'}minPosition=${minPosition}` : ''}`, headers: bearer('analyst') });
    expect(answer.statusCode, answer.body).toBe(200);
    bodies.push(answer.json());
  }
  await app.close();
  return bodies;
}

/** What the read model alone answers for the events: what the lists must answer too. */
async function projected(events: readonly RecordedEvent[]) {
  const db = client.db(uniqueName('feedback_follow_up_projection'));
  await projectEvents(db, followUpProjection, events);
  return answers(db);
}

describe('the follow-up lists the follow-up follower keeps', () => {
  afterAll(() => client.close());

  it.each([
    [3, false],
    [11, true],
    [200, false],
  ])('answers every query as the read model does, filed in batches of %i (each filed twice: %s) into pages of 3', async (size, replay) => {
    const schema = uniqueName('fb_fu_lists');
    const store = await createEventStore(postgresUrl(), { schema });
    await store.appendMany(followUpAppends(range(1, 30), 'open'));
    await store.appendMany(followUpAppends(range(1, 20), 'overdue'));
    await store.appendMany(followUpAppends([...range(5, 12), 25, 26], 'done'));
    const feed = await wholeFeed(store);
    await store.close();
    const db = client.db(uniqueName('feedback_follow_up_lists'));
    const documents = followUpListDocuments(db);
    let head: FollowUpsHead | null = null;
    for (let first = 0; first < feed.length; first += size) {
      const batch = feed.slice(first, first + size);
      if (replay) await fileFollowUps(documents, batch, head, streamsIn(feed), new Date(0), 3);
      head = await fileFollowUps(documents, batch, head, streamsIn(feed), new Date(0), 3);
      await documents.head.replaceOne({ _id: followUpsHeadId }, head, { upsert: true });
    }
    const expected = await projected(feed);
    expect(expected[0]).toMatchObject({ total: 30 });
    expect(await answers(db)).toEqual(expected);
    const directory = await documents.directories.findOne({ _id: head!.lists.find(({ key }) => key === 'all')!.directory });
    expect(directory!.pages.length, 'the whole list cut into pages').toBeGreaterThan(5);

    // A follower still catching up (no short batch yet): the read model answers, here empty.
    await documents.head.updateOne({ _id: followUpsHeadId }, { $set: { caughtUp: false } });
    expect((await answers(db))[0]).toEqual({ total: 0, followUps: [] });
  });

  it('follows the store: items open, go overdue and are done; minPosition waits for the follower; a restart resumes without duplicates', async () => {
    const schema = uniqueName('fb_fu_follower');
    const store = await createEventStore(postgresUrl(), { schema });
    // The lists alone: the read model is never projected here, so every answer below comes from the follower's pages.
    const db = client.db(uniqueName('feedback_follow_up_follower'));
    const follower = () => followUpFollower({ history: store, db, eventStoreUrl: postgresUrl(), schema, clock: () => new Date(0), logger: createLogger('feedback', 'warn'), retryMs: 100 });
    const append = async (appends: ReturnType<typeof followUpAppends>) => (await store.appendMany(appends)).at(-1)!.lastPosition;
    const expectLikeReadModel = async (position: string) => expect(await answers(db, position)).toEqual(await projected(await wholeFeed(store)));
    const headAt = async () => (await followUpListDocuments(db).head.findOne({ _id: followUpsHeadId }))?.position;
    let running = follower();
    await running.start();

    // Before the follower's first head the read model answers (and waits for minPosition itself): wait for one.
    const opened = await append(followUpAppends(range(1, 12), 'open'));
    await eventually(async () => ((await headAt()) === opened ? true : undefined), 'a first head', () => '');
    await expectLikeReadModel(opened);
    expect((await answers(db))[1]).toMatchObject({ total: 12 });
    await expectLikeReadModel(await append(followUpAppends(range(1, 6), 'overdue')));
    expect((await answers(db)).slice(1, 4).map(({ total }) => total)).toEqual([6, 6, 0]);
    await expectLikeReadModel(await append(followUpAppends(range(1, 3), 'done')));
    expect((await answers(db)).slice(1, 4).map(({ total }) => total)).toEqual([6, 3, 3]);

    await running.stop();
    const whileStopped = await append([...followUpAppends(range(13, 20), 'open'), ...followUpAppends([4, 7], 'done')]);
    running = follower();
    await running.start();
    await eventually(async () => ((await headAt()) === whileStopped ? true : undefined), 'the restarted follower at the head', () => '');
    await expectLikeReadModel(whileStopped);
    const all = (await answers(db))[0] as { total: number; followUps: { followUpId: string }[] };
    expect(all.total).toBe(20);
    expect(new Set(all.followUps.map(({ followUpId }) => followUpId)).size, 'no follow-up twice').toBe(20);
    await running.stop();
    await store.close();
  });
});
