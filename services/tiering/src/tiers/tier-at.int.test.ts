import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { rollOut } from '../rollout/rollout.js';
import { freshTieringStores } from '../test-support/tiering-store.js';
import { personalDataAccess } from '@ctp/service-kit';
import { tierRoutes, type TierReads } from './tier-routes.js';

const now = new Date('2026-03-16T02:00:00Z');

/** The asOf lookup reads the tier streams themselves: no read model is needed. */
const noReadModel: TierReads = {
  db: undefined as never,
  readYourWrites: async () => undefined,
  access: personalDataAccess({ store: undefined as never, clock: () => now, settings: { ACCESS_PURPOSES: 'service', PERSONAL_DATA_ROLES: 'agent,admin' } }),
};

describe("a customer's tier at an instant", () => {
  const given = freshTieringStores('tier_at', now);

  it('names the tier policy version that decided it (sla records it as the tier at case start), and is a 404 before any decision', async () => {
    const { customers, depsWith } = await given();
    const deps = depsWith();
    await rollOut(deps, { id: 'tier-policy-rollout:default:1', dueAt: now, policyVersion: 1 });
    const app = await testApp({ routes: tierRoutes(deps, noReadModel) });
    const customerId = customers[0]!;
    const at = await app.inject({ url: `/v1/customers/${customerId}/tier?asOf=${encodeURIComponent(now.toISOString())}`, headers: bearer('analyst') });
    expect(at.statusCode, at.body).toBe(200);
    expect(at.json()).toMatchObject({ customerId, tier: expect.any(String), tierPolicy: { policyId: 'default', policyVersion: 1 } });
    const before = await app.inject({ url: `/v1/customers/${customerId}/tier?asOf=2025-01-01T00:00:00Z`, headers: bearer('analyst') });
    expect(before.statusCode).toBe(404);
    await app.close();
  });
});
