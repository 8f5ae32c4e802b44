import type { RecordedEvent } from '@ctp/contracts';
import { bearer } from '@ctp/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaApp } from '../test-support/area-app.js';
import { recorded } from '../test-support/recorded-events.js';
import { retentionArea } from './index.js';
import { customerEvents } from './test-support/customer-events.js';

const start = areaApp(retentionArea, 'analytics_retention_routes', new Date('2026-05-15T00:00:00Z'), 'UTC');
const get = (app: FastifyInstance, url: string) => app.inject({ url, headers: bearer('analyst') });

/**
 * The five customers of retention-figures.unit.test.ts, as events, plus F: merged into A on 1 Feb
 * after a purchase on 5 Jan, so A's first purchase (its cohort) becomes January and F is not counted.
 */
const purchases: [string, string, string][] = [
  ['A', 'A-1', '2026-02-10T10:00:00Z'], ['A', 'A-2', '2026-03-15T10:00:00Z'], ['A', 'A-3', '2026-04-20T10:00:00Z'],
  ['B', 'B-1', '2026-02-20T10:00:00Z'],
  ['C', 'C-1', '2026-03-10T10:00:00Z'], ['C', 'C-2', '2026-03-28T10:00:00Z'],
  ['D', 'D-1', '2025-12-01T10:00:00Z'], ['D', 'D-2', '2026-03-20T10:00:00Z'],
  ['E', 'E-1', '2026-01-31T10:00:00Z'], ['E', 'E-2', '2026-03-25T10:00:00Z'],
  ['F', 'F-1', '2026-01-05T10:00:00Z'],
];

describe('the retention figures over HTTP', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const started = await start();
    app = started.app;
    let position = 0;
    const at = (streamCustomer: string, event: Parameters<typeof recorded>[1], instant: string): RecordedEvent => recorded(`customer-${streamCustomer}`, event, instant, (position += 1));
    await started.project([
      ...purchases.map(([customerId, orderId, instant]) => at(customerId, customerEvents(customerId).purchased(orderId), instant)),
      at('C', customerEvents('C').refunded('C-2'), '2026-03-29T10:00:00Z'),
      at('A', customerEvents('A').merged(['F']), '2026-02-01T00:00:00Z'),
      at('F', customerEvents('F').mergedInto('A'), '2026-02-01T00:00:00Z'),
    ]);
  });

  it('answers retention and churn per month (hand-computed in retention-figures.unit.test.ts; F only adds to A) and drills to the lost customers', async () => {
    const answer = await get(app, '/v1/analytics/retention/retention?from=2026-03&to=2026-04&groupBy=month&activeDays=30');
    expect(answer.statusCode, answer.body).toBe(200);
    const { meta, rows } = answer.json();
    expect(meta).toMatchObject({ timeZone: 'UTC', activeDays: 30, definitions: { retention: expect.stringContaining('(E - N) / S') } });
    expect(rows.map(({ month, activeAtStart, activeAtEnd, new: fresh, lost, retention, churn }: Record<string, unknown>) => [month, activeAtStart, activeAtEnd, fresh, lost, retention, churn])).toEqual([
      ['2026-03', 3, 4, 1, 1, 1, 0.3333],
      ['2026-04', 4, 1, 0, 3, 0.25, 0.75],
    ]);
    const lost = (await get(app, rows[0].drillLost)).json();
    expect(lost.rows).toEqual([{ customerId: 'B', state: 'lost', purchases: [{ orderId: 'B-1', at: '2026-02-20T10:00:00.000Z', amount: '100.00', recordedFor: 'B', refunded: false }], mergedFrom: [], erased: false, events: '/v1/analytics/events?positions=4', trace: [{ position: '4', type: 'PurchaseRecorded' }] }]);
  });

  it('answers the repeat-purchase rate, a refunded purchase counted, and drills to the repeaters', async () => {
    const { rows } = (await get(app, '/v1/analytics/retention/repeat-purchase?from=2026-03&to=2026-03&groupBy=month')).json();
    expect(rows).toEqual([expect.objectContaining({ month: '2026-03', window: 'month', repeaters: 1, buyers: 4, repeatPurchase: 0.25 })]);
    const repeaters = (await get(app, rows[0].drill)).json();
    expect(repeaters.rows.map(({ customerId, purchases: bought }: { customerId: string; purchases: { orderId: string; refunded: boolean }[] }) => [customerId, bought])).toEqual([
      ['C', [expect.objectContaining({ orderId: 'C-1', refunded: false }), expect.objectContaining({ orderId: 'C-2', refunded: true })]],
    ]);
  });

  it('answers the cohorts by first purchase, a merged-away purchase moving its survivor into an earlier cohort', async () => {
    const { rows } = (await get(app, '/v1/analytics/retention/cohorts?from=2026-01&to=2026-02')).json();
    // January: E (31 Jan) and A (F's 5 Jan purchase is A's now); February: B alone.
    expect(rows.filter(({ k }: { k: number }) => k <= 2).map(({ cohort, k, size, purchased, share }: Record<string, unknown>) => [cohort, k, size, purchased, share])).toEqual([
      ['2026-01', 0, 2, 2, 1],
      ['2026-01', 1, 2, 1, 0.5],
      ['2026-01', 2, 2, 2, 1],
      ['2026-02', 0, 1, 1, 1],
      ['2026-02', 1, 1, 0, 0],
      ['2026-02', 2, 1, 0, 0],
    ]);
    const members = (await get(app, rows[0].members)).json();
    expect(members.rows.map(({ customerId, mergedFrom, purchases: decided }: Record<string, unknown>) => [customerId, mergedFrom, decided])).toEqual([
      ['A', ['F'], [expect.objectContaining({ orderId: 'F-1', recordedFor: 'F' })]],
      ['E', [], [expect.objectContaining({ orderId: 'E-1' })]],
    ]);
  });

  it('refuses bad input naming every field, and documents its routes', async () => {
    const bad = await get(app, '/v1/analytics/retention/retention?from=2026-03&to=2026-04&activeDays=7&groupBy=tier');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path).sort()).toEqual(['query.activeDays', 'query.groupBy']);
    // The period's own checks run once every field parses.
    expect((await get(app, '/v1/analytics/retention/retention?from=2026-03&to=2026-01')).json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.to']);
    const listing = await get(app, '/v1/analytics/retention/customers?window=week');
    expect(listing.json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.window']);
    const stateless = await get(app, '/v1/analytics/retention/customers?month=2026-03');
    expect(stateless.json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.state']);
    const monthless = await get(app, '/v1/analytics/retention/customers?state=lost');
    expect(monthless.json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.month']);
    const csv = await get(app, '/v1/analytics/retention/repeat-purchase?from=2026-03&to=2026-03&format=csv');
    expect(csv.body.split('\r\n')[0]).toBe('repeaters,buyers,repeatPurchase,drill,drillSingle');
    const paths = Object.keys((await app.inject({ url: '/openapi.json' })).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/analytics/retention/retention', '/v1/analytics/retention/repeat-purchase', '/v1/analytics/retention/cohorts', '/v1/analytics/retention/customers']));
  });
});
