import { caseChannels, streamIdFor, type RecordedEvent, type SurveyEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamsInHand } from '../lists/paged-lists.js';
import { fileScores, scoreDocuments } from './score-follower.js';
import { surveyScoreProjection } from './score-projection.js';
import { surveyScoreRoutes } from './score-routes.js';

/** Invitations over the year to 30 November (SCORE_TIMING_INVITATIONS, 20,000 unless set); calls timed per URL (SCORE_TIMING_CALLS, 10). */
const size = Number(process.env['SCORE_TIMING_INVITATIONS'] ?? 20_000);
const calls = Number(process.env['SCORE_TIMING_CALLS'] ?? 10);
const timeZone = 'Asia/Shanghai';
const tiers = ['gold', 'silver', 'standard', 'key_account'] as const;
const iso = (instant: number) => new Date(instant).toISOString();
const dayMs = 86_400_000;

/** Invitation `n`: a day of the year, a tier and a channel of its own; one in three answered, the rest expired. */
function invitation(n: number): SurveyEvent[] {
  const segment = { invitationId: `S-${n}`, customerId: `C-${n}`, kind: n % 9 === 0 ? ('relationship' as const) : ('transactional' as const) };
  const [tier, channel] = [tiers[n % tiers.length]!, caseChannels[Math.floor(n / 4) % caseChannels.length]!];
  const invitedAt = Date.UTC(2025, 11, 1) + (n % 365) * dayMs + (n % 24) * 3_600_000;
  const invited: SurveyEvent = { type: 'SurveyInvited', data: { ...segment, caseId: segment.kind === 'transactional' ? `K-${n}` : null, sampleId: segment.kind === 'transactional' ? null : 'SMP-1', template: { templateId: 'case-survey', version: 1 }, tier, channel, invitedAt: iso(invitedAt), expiresAt: iso(invitedAt + 28 * dayMs) } };
  if (n % 3 !== 0) return [invited, { type: 'SurveyExpired', data: { ...segment, invitedAt: iso(invitedAt), expiredAt: iso(invitedAt + 28 * dayMs) } }];
  return [invited, { type: 'SurveyAnswered', data: { ...segment, tier, channel, invitedAt: iso(invitedAt), answeredAt: iso(invitedAt + dayMs), csat: 1 + (n % 5), nps: n % 11, ces: 1 + (n % 7), dimensions: {}, npsWhy: null, comment: null } }];
}

function recorded(): RecordedEvent[] {
  let position = 0;
  return Array.from({ length: size }, (_, n) => {
    const streamId = streamIdFor('survey', `S-${n}`);
    return envelopes(streamId, invitation(n), { causationId: `invitation-${n}`, correlationId: 'score-timing', occurredAt: '2026-12-01T00:00:00.000Z', actor: { kind: 'service', id: 'feedback' } })
      .map((event, revision) => ({ ...event, revision, globalPosition: String((position += 1)), recordedAt: event.occurredAt }) as RecordedEvent);
  }).flat();
}

/** Times the scores from the months the score follower keeps, filed by its own code in batches of 1,000; asserts only that it answers. */
describe(`the survey scores at ${size} invitations`, () => {
  const client = new MongoClient(mongoUrl());
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    await client.connect();
    db = client.db(uniqueName('score_timing'));
    const events = recorded();
    const documents = scoreDocuments(db);
    let head = null;
    for (let first = 0; first < events.length; first += 1_000) {
      head = await fileScores(documents, events.slice(first, first + 1_000), head, streamsInHand(events), timeZone, new Date(0));
    }
    await documents.head.replaceOne({ _id: head!._id }, { ...head!, caughtUp: true }, { upsert: true });
    app = await testApp({ routes: surveyScoreRoutes({ db, projectionName: surveyScoreProjection(timeZone).name, readYourWrites: async () => undefined }) });
  }, 1_800_000);
  afterAll(async () => {
    await app?.close();
    await db?.dropDatabase();
    await client.close();
  });

  it('prints the time of a month, a month of one tier and a quarter', async () => {
    for (const query of ['from=2026-11-01&to=2026-11-30', 'from=2026-11-01&to=2026-11-30&tier=gold', 'from=2026-09-01&to=2026-11-30']) {
      const ms: number[] = [];
      for (let call = 0; call < calls; call += 1) {
        const started = performance.now();
        const response = await app.inject({ url: `/v1/surveys/scores?${query}`, headers: bearer('analyst') });
        ms.push(performance.now() - started);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().invitations).toBeGreaterThan(0);
      }
      ms.sort((a, b) => a - b);
      process.stdout.write(`scores ${query} at ${size} invitations: p50 ${ms[Math.floor(calls / 2)]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms (${calls} calls)\n`);
    }
  }, 600_000);
});
