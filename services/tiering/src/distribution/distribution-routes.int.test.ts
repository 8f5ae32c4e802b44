import { physicalName } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { distributionRoutes } from './distribution-routes.js';

describe('GET /v1/tiers/distribution', () => {
  const client = new MongoClient(mongoUrl());
  afterAll(() => client.close());

  it('counts each customer once at the tier served (an override over the computed tier) and once at its computed tier; withdrawn customers not at all', async () => {
    const db = client.db(uniqueName('distribution'));
    const override = (tier: string) => ({ overrideId: `O-${tier}`, tier, reasonCode: 'strategic', expiresAt: '2027-01-01T00:00:00Z', since: new Date('2026-01-01T00:00:00Z') });
    await db.collection<{ _id: string; [field: string]: unknown }>(physicalName('tiers', 1)).insertMany([
      { _id: 'C-1', computedTier: 'gold', override: null },
      { _id: 'C-2', computedTier: 'gold' },
      { _id: 'C-3', computedTier: 'silver', override: override('gold') },
      { _id: 'C-4', computedTier: 'standard', override: override('key_account') },
      { _id: 'C-5', computedTier: null, override: override('key_account') },
      { _id: 'C-6', computedTier: null, override: null, withdrawn: { reason: 'merged', mergedInto: 'C-1', at: new Date('2026-02-01T00:00:00Z') } },
      { _id: 'C-7', computedTier: 'standard', override: null },
    ]);
    const app = await testApp({ routes: distributionRoutes({ db, readYourWrites: async () => undefined }) });
    const answer = await app.inject({ url: '/v1/tiers/distribution', headers: bearer('analyst') });
    await app.close();
    await db.dropDatabase();
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      served: { gold: 3, key_account: 2, standard: 1 },
      computed: { gold: 2, silver: 1, standard: 2 },
      overridden: 3,
      total: 6,
    });
  });
});
