import { bearer } from '@ctp/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { satisfactionArea } from './index.js';
import { areaApp } from '../test-support/area-app.js';
import { skippedSurvey, surveyStream } from './test-support/survey-events.js';

const now = new Date('2026-05-02T02:00:00Z');
const march = (day: string) => `2026-03-${day}T10:00:00+08:00`;

describe('satisfaction figures and their drill', () => {
  const start = areaApp(satisfactionArea, 'analytics_satisfaction_routes', now);
  let app: FastifyInstance;
  const get = async (url: string, role: 'analyst' | 'agent' = 'analyst') => app.inject({ url, headers: bearer(role) });

  beforeAll(async () => {
    ({ app } = await start([
      ...surveyStream({ id: 'I-1', invitedAt: march('02'), tier: 'gold', channel: 'phone' }, 10, { csat: 5, nps: 10, ces: 6, dimensions: { speed: 80 }, answeredAt: march('03') }),
      ...surveyStream({ id: 'I-2', invitedAt: march('04'), tier: 'gold', channel: 'email' }, 20, { csat: 2, nps: 5, answeredAt: march('05') }),
      ...surveyStream({ id: 'I-3', invitedAt: march('06'), tier: 'silver', channel: 'phone' }, 30),
      // 1 April 00:30 in Shanghai: April's, though still March in UTC.
      ...surveyStream({ id: 'I-4', invitedAt: '2026-03-31T16:30:00Z', tier: 'gold', channel: null, kind: 'relationship' }, 40, { nps: 9, answeredAt: '2026-04-02T10:00:00+08:00' }),
      ...skippedSurvey('I-5', march('07'), 50),
    ]));
  });

  it('answers per month invited: response rate, CSAT, NPS, CES and dimensions, each with its sample size (figures by hand)', async () => {
    const response = await get('/v1/analytics/satisfaction/trend?from=2026-03&to=2026-04&groupBy=month');
    expect(response.statusCode, response.body).toBe(200);
    const { meta, columns, rows } = response.json();
    expect(meta).toMatchObject({ period: { from: '2026-03', to: '2026-04' }, timeZone: 'Asia/Shanghai', asOf: now.toISOString(), definitions: { csat: expect.stringContaining('4 or 5') } });
    expect(columns.slice(0, 4)).toEqual(['month', 'invited', 'answered', 'responseRate']);
    expect(rows).toMatchObject([
      // March: I-1..I-3 invited (the skip is no invitation), I-1 and I-2 answered: 2/3; CSAT 5 of 5, 2: 1/2; NPS (1 promoter − 1 detractor) / 2 = 0.
      { month: '2026-03', invited: 3, answered: 2, responseRate: 0.6667, csat: 0.5, satisfied: 1, csatAnswers: 2, nps: 0, npsAnswers: 2, promoters: 1, detractors: 1, ces: 6, cesAnswers: 1, speed: 80, speedAnswers: 1, drill: '/v1/analytics/satisfaction/answers?month=2026-03' },
      { month: '2026-04', invited: 1, answered: 1, responseRate: 1, csat: null, csatAnswers: 0, nps: 100, npsAnswers: 1, drill: '/v1/analytics/satisfaction/answers?month=2026-04' },
    ]);
  });

  it('drills from a row to exactly its invitations, with their events and without free text', async () => {
    const [gold, noTierFilter] = [await get('/v1/analytics/satisfaction/trend?from=2026-03&to=2026-04&groupBy=channel&tier=gold'), await get('/v1/analytics/satisfaction/trend?from=2026-03&to=2026-03')];
    const rows = gold.json().rows as { channel: string | null; invited: number; drill: string }[];
    expect(rows.map(({ channel, invited }) => [channel, invited])).toEqual([['email', 1], ['phone', 1], [null, 1]]);
    for (const row of [...rows, ...noTierFilter.json().rows]) {
      const listing = await get(row.drill);
      expect(listing.statusCode, listing.body).toBe(200);
      expect(listing.json().rows).toHaveLength(row.invited);
    }
    const none = (await get(rows[2]!.drill)).json();
    expect(rows[2]!.drill).toBe('/v1/analytics/satisfaction/answers?channel=none&from=2026-03&tier=gold&to=2026-04');
    expect(none.rows).toEqual([expect.objectContaining({ invitationId: 'I-4', month: '2026-04', kind: 'relationship', nps: 9, events: '/v1/analytics/events?positions=40%2C41', trace: [{ position: '40', type: 'SurveyInvited' }, { position: '41', type: 'SurveyAnswered' }] })]);
    expect(JSON.stringify(none)).not.toMatch(/Wang|138/);
  });

  it('lists by answer: unsatisfied CSAT, NPS group, not answered; pages by invitation id', async () => {
    const ids = async (query: string) => (await get(`/v1/analytics/satisfaction/answers?${query}`)).json().rows.map(({ invitationId }: { invitationId: string }) => invitationId);
    expect(await ids('csat=unsatisfied')).toEqual(['I-2']);
    expect(await ids('nps=promoter')).toEqual(['I-1', 'I-4']);
    expect(await ids('answered=no')).toEqual(['I-3']);
    const first = (await get('/v1/analytics/satisfaction/answers?limit=2')).json();
    expect([first.rows.map(({ invitationId }: { invitationId: string }) => invitationId), first.meta.next]).toEqual([['I-1', 'I-2'], 'I-2']);
    expect(await ids(`limit=2&after=${first.meta.next}`)).toEqual(['I-3', 'I-4']);
  });

  it('answers CSV, refuses bad input naming every field, keeps out other roles and documents its routes', async () => {
    const csv = await get('/v1/analytics/satisfaction/trend?from=2026-03&to=2026-03&format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toMatch(/^invited,answered,responseRate,csat,satisfied,csatAnswers,nps,/);
    expect(csv.body.split('\r\n')[1]).toMatch(/^3,2,0.6667,0.5,1,2,0,/);
    const bad = await get('/v1/analytics/satisfaction/trend?from=2026-13&to=2026-01&groupBy=colour&format=xml');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['query.from', 'query.groupBy', 'query.format']));
    expect((await get('/v1/analytics/satisfaction/answers?nps=fan&answered=maybe')).json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['query.nps', 'query.answered']));
    expect((await get('/v1/analytics/satisfaction/trend?from=2026-03&to=2026-03', 'agent')).statusCode).toBe(403);
    const paths = Object.keys((await get('/openapi.json')).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/analytics/satisfaction/trend', '/v1/analytics/satisfaction/answers']));
  });
});
