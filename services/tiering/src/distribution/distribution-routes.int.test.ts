import { randomUUID } from 'node:crypto';
import type { TierEvent } from '@ctp/contracts';
import { createEventStore, envelopes, type EventStore } from '@ctp/event-store';
import { createLogger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, mongoUrl, postgresUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scores } from '../domain/test-support/policies.js';
import { assigned, overridden, withdrawn } from '../domain/test-support/tier-events.js';
import { distributionRoutes } from './distribution-routes.js';
import { tierCountFollower } from './tier-count-follower.js';

const as = (customerId: string, event: TierEvent) => ({ ...event, data: { ...event.data, customerId } }) as TierEvent;
const changed = (from: string, to: string): TierEvent => {
  const { tier: _tier, ...explanation } = assigned(scores.gold).data as { tier: string };
  return { type: 'TierChanged', data: { ...explanation, from, to, direction: 'downgrade', rule: 'downgrade_confirmed' } } as TierEvent;
};
const expired = (tier: string, revertedTo: string | null): TierEvent => ({ type: 'TierOverrideExpired', data: { customerId: 'C-1001', overrideId: 'OV-1', tier, revertedTo } });

describe('GET /v1/tiers/distribution from the tier counts the follower keeps', () => {
  const client = new MongoClient(mongoUrl());
  const schema = uniqueName('tier_counts');
  let store: EventStore;
  let db: Db;
  beforeAll(async () => {
    store = await createEventStore(postgresUrl(), { schema });
    db = client.db(uniqueName('distribution'));
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client.close();
    await store?.close();
  });

  const append = async (customerId: string, ...events: TierEvent[]) =>
    (await store.append(`tier-${customerId}`, envelopes(`tier-${customerId}`, events.map((event) => as(customerId, event)), { causationId: randomUUID(), correlationId: 'tier-counts', occurredAt: '2026-03-04T02:00:00.000Z', actor: { kind: 'service', id: 'tiering' } }), { expectedRevision: 'any' })).lastPosition;
  /** Without a lease (a store URL that is not PostgreSQL's), only the compare-and-set keeps two followers from counting twice. */
  const follower = (leased = true) =>
    tierCountFollower({ history: store, db, eventStoreUrl: leased ? postgresUrl() : 'esdb://no-lease', schema, clock: () => new Date(), logger: createLogger('tiering', 'warn'), retryMs: 100 });
  const distribution = async () => {
    const app = await testApp({ routes: distributionRoutes({ db, readYourWrites: async () => undefined }) });
    const answer = await app.inject({ url: '/v1/tiers/distribution', headers: bearer('analyst') });
    await app.close();
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as { served: Record<string, number>; computed: Record<string, number>; overridden: number; total: number; countedUpTo: string | null };
  };
  const countedUpTo = (position: string) => eventually(async () => ((await distribution()).countedUpTo === position ? distribution() : undefined), `the counts at ${position}`, () => '');

  it('counts each customer once at the tier served and at its computed tier; a standby takes over when the counting process stops', async () => {
    expect(await distribution()).toEqual({ served: {}, computed: {}, overridden: 0, total: 0, countedUpTo: null });
    const [first, second] = [follower(), follower()];
    await first.start();
    await second.start();
    await append('C-1', assigned(scores.gold), overridden('key_account', '2027-01-01T00:00:00Z'));
    await append('C-2', assigned(scores.gold));
    let head = await append('C-3', overridden('gold', '2027-01-01T00:00:00Z', 'OV-3', null));
    expect(await countedUpTo(head)).toMatchObject({ served: { key_account: 1, gold: 2 }, computed: { gold: 2 }, overridden: 2, total: 3 });

    await first.stop();
    await append('C-1', changed('gold', 'silver'), expired('key_account', 'silver'));
    await append('C-2', withdrawn('gold'));
    head = await append('C-3', overridden('key_account', '2027-01-01T00:00:00Z', 'OV-4', null));
    expect(await countedUpTo(head)).toEqual({ served: { silver: 1, key_account: 1 }, computed: { silver: 1 }, overridden: 1, total: 2, countedUpTo: head });
    await second.stop();
  });
});
