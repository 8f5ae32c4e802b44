import { streamIdFor, type RecordedEvent, type SurveyEvent } from '@ctp/contracts';
import { createEventStore, envelopes } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import { createLogger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, mongoUrl, postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { fileScores, scoreDocuments, scoreFollower, scoresHeadId, type ScoresHead } from './score-follower.js';
import { surveyScoreProjection } from './score-projection.js';
import { surveyScoreRoutes } from './score-routes.js';

const timeZone = 'Asia/Shanghai';
const projection = surveyScoreProjection(timeZone);
const client = new MongoClient(mongoUrl());
const queries = ['from=2026-03-01&to=2026-03-31', 'from=2026-03-02&to=2026-03-02', 'from=2026-03-01&to=2026-03-31&tier=gold', 'from=2026-03-01&to=2026-03-31&channel=email', 'from=2026-03-01&to=2026-03-31&kind=relationship', 'from=2026-04-01&to=2026-04-30'];
const iso = (instant: number) => new Date(instant).toISOString();
const hour = 3_600_000;

/** Invitation `index`: three tiers (one none), two channels (one none), two kinds, over three business days; one in three answered, one in three expired. */
function invitation(index: number): SurveyEvent[] {
  const segment = { invitationId: `S-${index}`, customerId: `C-${index}`, kind: index % 5 === 0 ? ('relationship' as const) : ('transactional' as const) };
  const [tier, channel] = [(['gold', 'key_account', null] as const)[index % 3]!, (['phone', 'email', null] as const)[index % 2 === 0 ? 0 : index % 7 === 0 ? 2 : 1]!];
  const invitedAt = Date.parse('2026-03-01T14:00:00.000Z') + (index % 3) * 20 * hour;
  const invited: SurveyEvent = { type: 'SurveyInvited', data: { ...segment, caseId: segment.kind === 'transactional' ? `K-${index}` : null, sampleId: segment.kind === 'transactional' ? null : 'SMP-1', template: { templateId: 'case-survey', version: 1 }, tier, channel, invitedAt: iso(invitedAt), expiresAt: iso(invitedAt + 28 * 24 * hour) } };
  if (index % 3 === 1) return [invited, { type: 'SurveyExpired', data: { ...segment, invitedAt: iso(invitedAt), expiredAt: iso(invitedAt + 28 * 24 * hour) } }];
  if (index % 3 === 2) return [invited];
  return [invited, { type: 'SurveyAnswered', data: { ...segment, tier, channel, invitedAt: iso(invitedAt), answeredAt: iso(invitedAt + hour), csat: 1 + (index % 5), nps: index % 11, ces: index % 4 === 0 ? null : 1 + (index % 7), dimensions: index % 2 === 0 ? { attitude: 40 + index } : {}, npsWhy: null, comment: null } }];
}

const appends = (indexes: readonly number[]) =>
  indexes.map((index) => {
    const streamId = streamIdFor('survey', `S-${index}`);
    return { streamId, expectedRevision: 'any' as const, events: envelopes(streamId, invitation(index), { causationId: `invitation-${index}`, correlationId: 'score-days', occurredAt: '2026-03-01T14:00:00.000Z', actor: { kind: 'service', id: 'feedback' } }) };
  });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const streamsIn = (events: readonly RecordedEvent[]) => async (ids: readonly string[]) => new Map(ids.map((id) => [id, events.filter((event) => event.streamId === id)]));

async function answers(db: Db, minPosition?: string) {
  const app = await testApp({ routes: surveyScoreRoutes({ db, projectionName: projection.name, readYourWrites: async () => undefined }) });
  const bodies = [];
  for (const query of queries) {
    const answer = await app.inject({ url: `/v1/surveys/scores?${query}${minPosition ? `&minPosition=${minPosition}` : ''}`, headers: bearer('analyst') });
    expect(answer.statusCode, answer.body).toBe(200);
    bodies.push(answer.json());
  }
  await app.close();
  return bodies;
}

async function projected(events: readonly RecordedEvent[]) {
  const db = client.db(uniqueName('fb_scores_projection'));
  await projectEvents(db, projection, events);
  return answers(db);
}

describe('the survey score days the score follower keeps', () => {
  afterAll(() => client.close());

  it('answers as the read model does, filed in batches of 7, each filed twice (a crash before the head was written)', async () => {
    const schema = uniqueName('fb_scores_batches');
    const store = await createEventStore(postgresUrl(), { schema });
    await store.appendMany(appends(range(1, 40)));
    const feed = await wholeFeed(store);
    await store.close();
    const db = client.db(uniqueName('fb_scores_batches'));
    const documents = scoreDocuments(db);
    let head: ScoresHead | null = null;
    for (let first = 0; first < feed.length; first += 7) {
      const batch = feed.slice(first, first + 7);
      await fileScores(documents, batch, head, streamsIn(feed), timeZone, new Date(0));
      head = await fileScores(documents, batch, head, streamsIn(feed), timeZone, new Date(0));
      await documents.head.replaceOne({ _id: scoresHeadId }, head, { upsert: true });
    }
    const expected = await projected(feed);
    expect(expected[0]).toMatchObject({ invitations: 40, expired: 14, responses: 13 });
    expect(await answers(db)).toEqual(expected);
    // A follower still catching up: the read model answers, here empty.
    await documents.head.updateOne({ _id: scoresHeadId }, { $set: { caughtUp: false } });
    expect((await answers(db))[0]).toMatchObject({ invitations: 0 });
  });

  it('follows the store: minPosition waits for the follower; a restart resumes without counting twice', async () => {
    const schema = uniqueName('fb_scores_follower');
    const store = await createEventStore(postgresUrl(), { schema });
    const db = client.db(uniqueName('fb_scores_follower'));
    const follower = () => scoreFollower({ history: store, db, eventStoreUrl: postgresUrl(), schema, clock: () => new Date(0), logger: createLogger('feedback', 'warn'), retryMs: 100, timeZone });
    const append = async (indexes: readonly number[]) => (await store.appendMany(appends(indexes))).at(-1)!.lastPosition;
    const headAt = async () => (await scoreDocuments(db).head.findOne({ _id: scoresHeadId }))?.position;
    const likeReadModel = async (position: string) => expect(await answers(db, position)).toEqual(await projected(await wholeFeed(store)));
    let running = follower();
    await running.start();
    const first = await append(range(1, 10));
    await eventually(async () => ((await headAt()) === first ? true : undefined), 'a first head', () => '');
    await likeReadModel(await append(range(11, 25)));
    await running.stop();
    const whileStopped = await append(range(26, 33));
    running = follower();
    await running.start();
    await likeReadModel(whileStopped);
    expect((await answers(db))[0]).toMatchObject({ invitations: 33 });
    await running.stop();
    await store.close();
  });
});
