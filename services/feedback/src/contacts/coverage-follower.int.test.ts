import type { RecordedEvent } from '@ctp/contracts';
import { createEventStore } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import { createLogger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, mongoUrl, postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { contactProjection } from './contact-projection.js';
import { contactReadRoutes } from './contact-read-routes.js';
import { coverageDocuments, coverageFollower, coverageHeadId, fileCoverage, type CoverageHead } from './coverage-follower.js';
import { overdueFeed, storyAppends } from './test-support/overdue-streams.js';

const client = new MongoClient(mongoUrl());
const feed = overdueFeed(40);
const queries = ['from=2026-01-01&to=2027-12-31', 'from=2026-03-01&to=2026-03-31', 'from=2026-06-15&to=2026-09-14&team=t-1', 'from=2026-01-01&to=2026-12-31&tier=standard', 'from=2026-01-01&to=2027-12-31&manager=am-2&tier=key', 'from=2025-01-01&to=2025-12-31'];

async function answers(db: Db): Promise<unknown[]> {
  const app = await testApp({ routes: contactReadRoutes({ db, readYourWrites: async () => undefined }) });
  const bodies = await Promise.all(queries.map(async (query) => (await app.inject({ url: `/v1/contacts/coverage?${query}`, headers: bearer('analyst') })).json()));
  await app.close();
  return bodies;
}

/** Files the feed in batches of 7, 11 and 5 in turn; every fourth batch crashes before its head is written and is read again in the next boundaries. */
async function fileWithCrashes(db: Db, events: readonly RecordedEvent[]): Promise<void> {
  const documents = coverageDocuments(db);
  const sizes = [7, 11, 5];
  let head: CoverageHead | null = null;
  for (let done = 0, batch = 0; done < events.length; batch += 1) {
    const size = sizes[batch % sizes.length]!;
    const next = await fileCoverage(documents, events.slice(done, done + size), new Date(0));
    if (batch % 4 === 1) continue;
    await documents.head.replaceOne({ _id: coverageHeadId }, next, { upsert: true });
    head = next;
    done += size;
  }
  expect(head?.position).toBe(events.at(-1)!.globalPosition);
}

describe('contact coverage from the days the coverage follower keeps', () => {
  afterAll(() => client.close());

  it('equals the coverage read model over ranges and owners, read again after crashes in other batch boundaries', async () => {
    const projected = client.db(uniqueName('feedback_coverage_projection'));
    await projectEvents(projected, contactProjection, feed);
    const expected = await answers(projected);
    expect((expected[0] as { total: { due: number; late: number; overdue: number } }).total).toMatchObject({ due: expect.any(Number), late: expect.any(Number) });
    expect((expected[0] as { total: { overdue: number } }).total.overdue).toBeGreaterThan(0);

    const whole = client.db(uniqueName('feedback_coverage_days'));
    const head = await fileCoverage(coverageDocuments(whole), feed, new Date(0));
    await coverageDocuments(whole).head.insertOne(head);
    expect(await answers(whole)).toEqual(expected);

    const crashed = client.db(uniqueName('feedback_coverage_days'));
    await fileWithCrashes(crashed, feed);
    expect(await answers(crashed)).toEqual(expected);
  });

  it('follows the store, and the route waits for minPosition', async () => {
    const schema = uniqueName('feedback_coverage');
    const store = await createEventStore(postgresUrl(), { schema });
    const db = client.db(uniqueName('feedback_coverage_follower'));
    const follower = coverageFollower({ history: store, db, eventStoreUrl: postgresUrl(), schema, clock: () => new Date(0), logger: createLogger('feedback', 'warn'), retryMs: 100 });
    await follower.start();
    const appends = storyAppends(12);
    await store.appendMany(appends.slice(0, 1));
    await eventually(async () => ((await coverageDocuments(db).head.findOne({ _id: coverageHeadId })) ? true : undefined), 'a first head', () => '');
    const head = (await store.appendMany(appends.slice(1))).at(-1)!.lastPosition;
    const app = await testApp({ routes: contactReadRoutes({ db, readYourWrites: async () => undefined }) });
    const answer = await app.inject({ url: `/v1/contacts/coverage?${queries[0]}&minPosition=${head}`, headers: bearer('analyst') });
    expect(answer.statusCode, answer.body).toBe(200);
    const projected = client.db(uniqueName('feedback_coverage_projection'));
    await projectEvents(projected, contactProjection, await wholeFeed(store));
    expect(answer.json()).toEqual((await answers(projected))[0]);
    await app.close();
    await follower.stop();
    await store.close();
  });
});
