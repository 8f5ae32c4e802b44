import type { RecordedEvent } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import type { Role } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFactProjection } from '../contacts/contact-fact-projection.js';
import { contactEvents } from '../contacts/test-support/contact-events.js';
import { customerProjection } from '../retention/customer-projection.js';
import { customerEvents } from '../retention/test-support/customer-events.js';
import { invitationProjection } from '../satisfaction/invitation-projection.js';
import { surveyStream } from '../satisfaction/test-support/survey-events.js';
import { recorded } from '../test-support/recorded-events.js';
import { churnRoutes } from './index.js';
import { rankingWritesForTests } from './test-support/ranking-writes.js';

const client = new MongoClient(mongoUrl());
let app: FastifyInstance;
const get = (url: string, role: Role = 'analyst') => app.inject({ url, headers: bearer(role) });

/**
 * At 2026-01-01 00:00 (UTC): C-A bought monthly at 10:00 to 1 Sep (gaps 30, 31, 31: median 31), 121.5833 days
 * since: drift 121.5833 / 31 = 3.922, value (3.922 - 1) / 3 = 0.974; 2 purchases in each 180-day window; a CSAT 1
 * answer on 1 Dec: 1 / 2 = 0.5; a visit due 10 Dec still open (another, due 5 Dec, fulfilled 8 Dec): 1 / 2 = 0.5.
 * Score 0.35 x 0.974 + 0.1 x 0.5 + 0.05 x 0.5 = 0.3409 + 0.05 + 0.025 = 0.4159 >= 0.35: at risk, and it buys nothing
 * after (share of the survey: 0.05 / 0.4159 = 0.1202, of the contacts 0.025 / 0.4159 = 0.0601).
 * C-B bought 1 Nov, 1 Dec, 20 Dec (12 days since, gaps 30 and 19): score 0; it buys again on 1 Feb.
 * C-D's one purchase (June 2024) is older than 365 days: not active.
 * C-Z bought on 15 Dec and was merged into C-Y, itself merged into C-X: C-X counts it (17 days on the 90-day
 * default gap, nothing before: score 0) and buys nothing after.
 */
const purchases: [string, string][] = [
  ['C-A', '2025-06-01'], ['C-A', '2025-07-01'], ['C-A', '2025-08-01'], ['C-A', '2025-09-01'],
  ['C-B', '2025-11-01'], ['C-B', '2025-12-01'], ['C-B', '2025-12-20'], ['C-B', '2026-02-01'],
  ['C-D', '2024-06-01'],
];

let db: Db;
const rankingWrites = rankingWritesForTests();

beforeAll(async () => {
  db = client.db(uniqueName('analytics_churn_routes'));
  let position = 0;
  const events: RecordedEvent[] = purchases.map(([customerId, day], index) => recorded(`customer-${customerId}`, customerEvents(customerId).purchased(`${customerId}-${index}`), `${day}T10:00:00Z`, (position += 1)));
  const merged = '2025-12-20T00:00:00Z';
  events.push(
    recorded('customer-C-Z', customerEvents('C-Z').purchased('C-Z-1'), '2025-12-15T00:00:00Z', 10),
    recorded('customer-C-Y', customerEvents('C-Y').merged(['C-Z']), merged, 11), recorded('customer-C-Z', customerEvents('C-Z').mergedInto('C-Y'), merged, 12),
    recorded('customer-C-X', customerEvents('C-X').merged(['C-Y']), merged, 13), recorded('customer-C-Y', customerEvents('C-Y').mergedInto('C-X'), merged, 14),
  );
  await projectEvents(db, customerProjection, events);
  await projectEvents(db, invitationProjection, surveyStream({ id: 'A', invitedAt: '2025-11-30T10:00:00Z', tier: null, channel: 'email' }, 100, { csat: 1, answeredAt: '2025-12-01T10:00:00Z' }));
  const contacts = contactEvents('C-A');
  await projectEvents(db, contactFactProjection, [
    recorded('contact-C-A', contacts.planned([{ id: 'C-A:1', dueAt: '2025-12-05T10:00:00.000Z' }, { id: 'C-A:2', dueAt: '2025-12-10T10:00:00.000Z' }], '2025-11-01T10:00:00.000Z'), '2025-11-01T10:00:00Z', 200),
    recorded('contact-C-A', contacts.fulfilled('C-A:1', '2025-12-05T10:00:00.000Z', '2025-12-08T10:00:00.000Z'), '2025-12-08T10:00:00Z', 201),
  ]);
  app = await testApp({ routes: churnRoutes({ readModel: { db, readYourWrites: async () => undefined }, timeZone: 'UTC', clock: () => new Date('2026-05-15T00:00:00Z'), rankingWrites }) });
});

afterAll(async () => {
  await app.close();
  await client.close();
});

describe('churn early warning over HTTP', () => {
  it('serves the model document, version 2', async () => {
    const model = (await get('/v1/analytics/churn/model')).json();
    expect(model).toMatchObject({ version: 2, kind: 'weighted-sum', threshold: 0.35 });
    expect(model.factors.overdueContacts.weight).toBe(0.05);
    expect(model.factors.recencyDrift.weight).toBe(0.35);
  });

  it('lists the active customers by score with each factor\'s contribution and drill links', async () => {
    const answer = (await get('/v1/analytics/churn/risks?asOf=2026-01-01')).json();
    expect(answer.rows.map(({ customerId, score, atRisk }: Record<string, unknown>) => [customerId, score, atRisk])).toEqual([['C-A', 0.4159, true], ['C-B', 0, false], ['C-X', 0, false]]);
    const [first] = answer.rows;
    expect(first).toMatchObject({ recencyDriftContribution: 0.3409, poorSurveysContribution: 0.05, overdueContactsContribution: 0.025, tier: null });
    expect(first.factors.find(({ name }: { name: string }) => name === 'poorSurveys')).toMatchObject({ value: 0.5, weight: 0.1, contribution: 0.05, share: 0.1202, events: ['/v1/analytics/events?positions=100%2C101'] });
    expect(first.factors.find(({ name }: { name: string }) => name === 'overdueContacts')).toMatchObject({ measured: { count: 1 }, value: 0.5, weight: 0.05, contribution: 0.025, share: 0.0601, events: ['/v1/analytics/events?positions=200'] });
    expect(first.drill).toMatchObject({ risk: '/v1/analytics/churn/risks/C-A?asOf=2026-01-01', purchases: ['/v1/analytics/events?positions=1%2C2%2C3%2C4'], surveys: ['/v1/analytics/events?positions=100%2C101'], cases: [], complaints: [], contacts: ['/v1/analytics/events?positions=200%2C201'] });
    expect(answer.meta).toMatchObject({ asOf: '2026-01-01', customers: 3, model: { version: 2 } });
    expect((await get('/v1/analytics/churn/risks?asOf=2026-01-01&minScore=0.1')).json().rows).toHaveLength(1);
    const paged = (await get('/v1/analytics/churn/risks?asOf=2026-01-01&limit=1')).json();
    expect([paged.rows[0].customerId, paged.meta.next]).toEqual(['C-A', 'C-A']);
    expect((await get('/v1/analytics/churn/risks?asOf=2026-01-01&after=C-A')).json().rows.map(({ customerId }: { customerId: string }) => customerId)).toEqual(['C-B', 'C-X']);
    expect((await get('/v1/analytics/churn/risks?asOf=2026-01-01&tier=gold')).json().rows).toEqual([]);
    expect((await get('/v1/analytics/churn/risks?asOf=2026-01-01&after=C-D')).json().rows).toEqual([]);
    const csv = await get('/v1/analytics/churn/risks?asOf=2026-01-01&format=csv');
    expect(csv.body.split('\r\n')[0]).toBe('customerId,tier,score,atRisk,recencyDriftContribution,frequencyDeclineContribution,spendDeclineContribution,refundsContribution,slaBreachesContribution,complaintsContribution,poorSurveysContribution,overdueContactsContribution,factors,drill');
  });

  it('answers one customer, and no row for one not active', async () => {
    expect((await get('/v1/analytics/churn/risks/C-A?asOf=2026-01-01')).json().rows[0]).toMatchObject({ customerId: 'C-A', score: 0.4159 });
    expect((await get('/v1/analytics/churn/risks/C-X?asOf=2026-01-01')).json().rows[0].drill.purchases).toEqual(['/v1/analytics/events?positions=10']);
    const inactive = (await get('/v1/analytics/churn/risks/C-D?asOf=2026-01-01')).json();
    expect([inactive.rows, inactive.meta.active]).toEqual([[], false]);
  });

  it('backtests at a past date: C-A predicted and churned, C-B kept, C-X not predicted and churned', async () => {
    const [row] = (await get('/v1/analytics/churn/backtest?asOf=2026-01-01&horizonDays=120')).json().rows;
    // AUC: (C-A, C-B) ranked right, (C-X, C-B) tied at 0: 1.5 of 2 pairs
    expect(row).toMatchObject({ customers: 3, churned: 2, predicted: 1, truePositives: 1, precision: 1, recall: 0.5, auc: 0.75, baseRate: 0.6667 });
  });

  it('refuses bad input naming the fields, other roles, and documents the routes', async () => {
    const bad = await get('/v1/analytics/churn/risks?asOf=2026-13-01&minScore=2');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path).sort()).toEqual(['query.asOf', 'query.minScore']);
    expect((await get('/v1/analytics/churn/backtest')).statusCode).toBe(400);
    expect((await get('/v1/analytics/churn/risks', 'agent')).statusCode).toBe(403);
    const paths = Object.keys((await app.inject({ url: '/openapi.json' })).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/analytics/churn/model', '/v1/analytics/churn/risks', '/v1/analytics/churn/risks/{customerId}', '/v1/analytics/churn/backtest']));
  });

  // Last: it adds a purchase the tests above do not expect.
  it('pages from the ranking and answers the backtest kept for the day until a request names a position to read, which counts them again', async () => {
    const listed = async (query = '') => (await get(`/v1/analytics/churn/risks?asOf=2026-01-01${query}`)).json();
    const kept = await listed();
    await projectEvents(db, customerProjection, [recorded('customer-C-A', customerEvents('C-A').purchased('C-A-late'), '2025-12-28T10:00:00Z', 300)]);
    const again = await listed();
    expect([again.rows[0].score, again.meta.counted]).toEqual([0.4159, kept.meta.counted]);
    const counted = await listed('&minPosition=300');
    expect(counted.rows.find(({ customerId }: { customerId: string }) => customerId === 'C-A').score).toBeLessThan(0.35);
    expect((await listed()).meta.counted.countedAt).toBe(counted.meta.counted.countedAt);
    const backtest = async (query = '') => (await get(`/v1/analytics/churn/backtest?asOf=2026-01-01&horizonDays=120${query}`)).json().rows[0];
    expect((await backtest()).predicted).toBe(1);
    expect((await backtest('&minPosition=300')).predicted).toBe(0);
  });
});
