import type { RecordedEvent } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { createEventStore } from '@ctp/event-store';
import { createLogger } from '@ctp/service-kit';
import { eventually, mongoUrl, postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsPerPage } from '../domain/contacts/overdue-pages.js';
import { contactProjection } from './contact-projection.js';
import { contactReadRoutes } from './contact-read-routes.js';
import { fileOverdue, overdueDocuments, overdueFollower, overdueHeadId, type OverdueHead } from './overdue-follower.js';
import { overdueFeed, storyAppends } from './test-support/overdue-streams.js';

const client = new MongoClient(mongoUrl());
const feed = overdueFeed(200);
/** A smaller feed cut into pages of 5, for filing in many batches. */
const small = overdueFeed(40);
const smallPages = 5;
const streamsIn = (events: readonly RecordedEvent[]) => async (ids: readonly string[]) => new Map(ids.map((id) => [id, events.filter((event) => event.streamId === id)]));
const queries = ['', '?limit=500', '?offset=150&limit=500', '?offset=390&limit=37', '?offset=100000', '?team=t-1', '?team=t-2&offset=60&limit=80', '?tier=key&limit=500', '?tier=standard', '?manager=am-3', '?manager=none', '?tier=key&team=t-0'];

/** The pages of each list, from the directories the head names. */
async function pagesOf(db: Db, head: OverdueHead): Promise<Map<string, number>> {
  const directories = await Promise.all(head.lists.map(async ({ key, directory }) => [key, (await overdueDocuments(db).directories.findOne({ _id: directory }))!.pages.length] as const));
  return new Map(directories);
}

/** Files the feed in batches of `size`, each batch filed twice from the same head when `replay` (a crash before the head was written). */
async function fileInBatches(db: Db, events: readonly RecordedEvent[], size: number, replay: boolean, pageSize?: number): Promise<OverdueHead | null> {
  const streamsOf = streamsIn(events);
  const documents = overdueDocuments(db);
  let head: OverdueHead | null = null;
  for (let first = 0; first < events.length; first += size) {
    const batch = events.slice(first, first + size);
    if (replay) await fileOverdue(documents, batch, head, streamsOf, new Date(0), pageSize);
    head = await fileOverdue(documents, batch, head, streamsOf, new Date(0), pageSize);
    await documents.head.replaceOne({ _id: head._id }, head, { upsert: true });
  }
  return head;
}

describe('the overdue contact lists the overdue follower keeps', () => {
  const answers = async (db: Db) => {
    const app = await testApp({ routes: contactReadRoutes({ db, readYourWrites: async () => undefined }) });
    const bodies = await Promise.all(queries.map(async (query) => (await app.inject({ url: `/v1/contacts/overdue${query}`, headers: bearer('analyst') })).json()));
    await app.close();
    return bodies;
  };
  const projected = async (events: readonly RecordedEvent[]) => {
    const db = client.db(uniqueName('feedback_overdue_projection'));
    await projectEvents(db, contactProjection, events);
    return answers(db);
  };
  let fromProjection: unknown[];
  let smallFromProjection: unknown[];

  beforeAll(async () => {
    [fromProjection, smallFromProjection] = await Promise.all([projected(feed), projected(small)]);
  });
  afterAll(() => client.close());

  it('answers every page as the obligations read model does, the list longer than two pages', async () => {
    expect((fromProjection[0] as { total: number }).total).toBeGreaterThan(2 * itemsPerPage);
    const db = client.db(uniqueName('feedback_overdue_lists'));
    await projectEvents(db, contactProjection, feed);
    const head = await fileInBatches(db, feed, feed.length, false);
    expect((await pagesOf(db, head!)).get('all')).toBeGreaterThan(1);
    expect(await answers(db)).toEqual(fromProjection);
  });

  it.each([
    [9, false],
    [17, true],
    [60, true],
  ])('files the same lists in batches of %i (each filed twice: %s): items put on, taken off and escalated across batches', async (size, replay) => {
    const db = client.db(uniqueName('feedback_overdue_lists'));
    await projectEvents(db, contactProjection, small);
    const head = await fileInBatches(db, small, size, replay, smallPages);
    const pages = await pagesOf(db, head!);
    expect(pages.get('all')).toBeGreaterThan(10);
    expect(await answers(db)).toEqual(smallFromProjection);
    const stored = await overdueDocuments(db).pages.countDocuments({ _id: { $ne: head!._id } });
    const named = [...pages.values()].reduce((sum, count) => sum + count, 0) + head!.lists.length;
    expect(stored, 'directories and pages named by the head, and those it retired, kept until the next batch').toBe(named + head!.retired.length);
  });

  it('follows the store: the route waits for minPosition, then answers as the read model does', async () => {
    const schema = uniqueName('feedback_overdue');
    const store = await createEventStore(postgresUrl(), { schema });
    const db = client.db(uniqueName('feedback_overdue_follower'));
    const follower = overdueFollower({ history: store, db, eventStoreUrl: postgresUrl(), schema, clock: () => new Date(0), logger: createLogger('feedback', 'warn'), retryMs: 100 });
    await follower.start();
    const appends = storyAppends(12);
    const headNow = async () => (await overdueDocuments(db).head.findOne({ _id: overdueHeadId }))?.position;
    await store.appendMany(appends.slice(0, 2));
    await eventually(async () => ((await headNow()) !== undefined ? true : undefined), 'a first head', () => '');
    const head = (await store.appendMany(appends.slice(2))).at(-1)!.lastPosition;
    const stored = await wholeFeed(store);
    await projectEvents(db, contactProjection, stored);
    const app = await testApp({ routes: contactReadRoutes({ db, readYourWrites: async () => undefined }) });
    const answer = await app.inject({ url: `/v1/contacts/overdue?team=t-1&minPosition=${head}`, headers: bearer('agent') });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(await headNow()).toBe(head);
    const expected = await projected(stored);
    for (const [index, query] of queries.entries()) expect((await app.inject({ url: `/v1/contacts/overdue${query}`, headers: bearer('analyst') })).json(), query).toEqual(expected[index]);
    await app.close();
    await follower.stop();
    await store.close();
  });
});
