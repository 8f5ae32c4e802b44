import type { DomainEvent } from '@ctp/contracts';
import { bearer } from '@ctp/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaApp } from '../test-support/area-app.js';
import { recorded } from '../test-support/recorded-events.js';
import { tierEvents } from './test-support/tier-events.js';
import { tiersArea } from './index.js';

const start = areaApp(tiersArea, 'analytics_tier_routes', new Date('2026-04-15T00:00:00Z'));
const get = (app: FastifyInstance, url: string, role: 'analyst' | 'agent' = 'analyst') => app.inject({ url, headers: bearer(role) });

describe('the tier figures over HTTP', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const started = await start();
    app = started.app;
    const [c1, c2, c3] = ['C-1', 'C-2', 'C-3'].map(tierEvents) as [ReturnType<typeof tierEvents>, ReturnType<typeof tierEvents>, ReturnType<typeof tierEvents>];
    const history: [string, DomainEvent, string][] = [
      ['C-1', c1.assigned('silver'), '2026-01-10T02:00:00Z'],
      ['C-2', c2.assigned('gold'), '2026-01-20T02:00:00Z'],
      ['C-1', c1.changed('silver', 'gold', 'upgrade'), '2026-02-15T02:00:00Z'],
      ['C-2', c2.overridden('key_account', 'gold'), '2026-02-01T02:00:00Z'],
      ['C-2', c2.changed('gold', 'silver', 'downgrade'), '2026-02-20T02:00:00Z'],
      ['C-3', c3.assigned('bronze'), '2026-02-28T17:00:00Z'],
      ['C-2', c2.overrideExpired('key_account', 'silver'), '2026-03-05T02:00:00Z'],
      ['C-3', c3.withdrawn('bronze'), '2026-03-10T02:00:00Z'],
    ];
    await started.project(history.map(([customerId, event, at], index) => recorded(`tier-${customerId}`, event, at, index + 1)));
  });

  it('answers the distribution at each month end, and its drill lists the customers with the movement that put them there', async () => {
    const answer = await get(app, '/v1/analytics/tiers/distribution?from=2026-01&to=2026-03&groupBy=month,tier');
    expect(answer.statusCode, answer.body).toBe(200);
    const { meta, columns, rows } = answer.json();
    expect(meta).toMatchObject({ timeZone: 'Asia/Shanghai', period: { from: '2026-01', to: '2026-03' }, asOf: '2026-04-15T00:00:00.000Z', definitions: { distribution: expect.any(String) } });
    expect(columns).toEqual(['month', 'tier', 'customers', 'tiered', 'share', 'drill']);
    // End of Feb (Shanghai): C-1 gold, C-2 key_account (override); C-3's bronze came on 1 Mar local time.
    expect(rows.filter(({ month }: { month: string }) => month === '2026-02')).toEqual([
      { month: '2026-02', tier: 'gold', customers: 1, tiered: 2, share: 0.5, drill: '/v1/analytics/tiers/customers?asOf=2026-02&tier=gold' },
      { month: '2026-02', tier: 'key_account', customers: 1, tiered: 2, share: 0.5, drill: '/v1/analytics/tiers/customers?asOf=2026-02&tier=key_account' },
    ]);
    const drilled = (await get(app, rows[3].drill)).json();
    expect(drilled.rows).toEqual([{ customerId: 'C-2', tier: 'key_account', movement: expect.objectContaining({ from: 'gold', to: 'key_account', direction: 'override' }), events: '/v1/analytics/events?positions=4', trace: [{ position: '4', type: 'TierOverridden' }] }]);
    const withdrawn = (await get(app, '/v1/analytics/tiers/customers?asOf=2026-03&tier=none')).json();
    expect(withdrawn.rows).toEqual([expect.objectContaining({ customerId: 'C-3', tier: null, movement: expect.objectContaining({ from: 'bronze', direction: 'withdrawn' }) })]);
  });

  it('counts movements per month and direction and drills to them; CSV on request', async () => {
    const answer = (await get(app, '/v1/analytics/tiers/movement-counts?from=2026-02&to=2026-03&groupBy=month,direction')).json();
    expect(answer.rows.map(({ month, direction, movements }: Record<string, unknown>) => [month, direction, movements])).toEqual([
      ['2026-02', 'override', 1],
      ['2026-02', 'upgrade', 1],
      ['2026-03', 'assigned', 1],
      ['2026-03', 'override_expired', 1],
      ['2026-03', 'withdrawn', 1],
    ]);
    const expired = (await get(app, answer.rows[3].drill)).json();
    expect(expired.rows).toEqual([expect.objectContaining({ customerId: 'C-2', from: 'key_account', to: 'silver', direction: 'override_expired', events: '/v1/analytics/events?positions=7' })]);
    const csv = await get(app, '/v1/analytics/tiers/movement-counts?from=2026-01&to=2026-03&groupBy=direction&format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').slice(0, 2)).toEqual(['direction,movements,drill', 'assigned,3,/v1/analytics/tiers/movements?direction=assigned&from=2026-01&to=2026-03']);
  });

  it('lists one customer’s movements, paged by event id', async () => {
    const first = (await get(app, '/v1/analytics/tiers/movements?customerId=C-2&limit=1')).json();
    expect(first.rows).toHaveLength(1);
    const rest = (await get(app, `/v1/analytics/tiers/movements?customerId=C-2&limit=5&after=${first.meta.next}`)).json();
    expect([...first.rows, ...rest.rows].map(({ direction }: { direction: string }) => direction).sort()).toEqual(['assigned', 'override', 'override_expired']);
    expect(rest.meta.next).toBeNull();
  });

  it('refuses bad input naming every field, and readers without an analyst role', async () => {
    const bad = await get(app, '/v1/analytics/tiers/distribution?from=2026-13&to=2026-01&groupBy=colour&extra=1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['query.from', 'query.groupBy']));
    const listing = await get(app, '/v1/analytics/tiers/movements?month=2026-01&from=2026-01&to=2026-02');
    expect(listing.json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.month']);
    expect((await get(app, '/v1/analytics/tiers/distribution?from=2026-01&to=2026-03', 'agent')).statusCode).toBe(403);
    const paths = Object.keys((await app.inject({ url: '/openapi.json' })).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/analytics/tiers/distribution', '/v1/analytics/tiers/movement-counts', '/v1/analytics/tiers/movements', '/v1/analytics/tiers/customers']));
  });
});
