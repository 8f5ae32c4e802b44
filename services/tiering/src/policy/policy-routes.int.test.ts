import { streamIdFor } from '@ctp/contracts';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { freshTieringStores, lenientPolicy } from '../test-support/tiering-store.js';
import { policyRoutes } from './policy-routes.js';

const now = new Date('2026-03-16T02:00:00Z');

/** In-process route tests: the kit's real app (auth, validation, problems) on a real event store, driven with inject. */
describe('the tier policy routes', () => {
  const given = freshTieringStores('policy_routes', now);

  const policyEvents = async (store: Awaited<ReturnType<typeof given>>) => store.stores.store.readStream(streamIdFor('tierPolicy', 'default'));

  it('publishes a version for an admin and answers it with its position', async () => {
    const store = await given();
    const app = await testApp({ bodyLimitBytes: 100_000, routes: policyRoutes(store.depsWith()) });
    const published = await app.inject({ method: 'PUT', url: '/v1/tier-policy', headers: bearer('admin'), payload: { policy: lenientPolicy, expectedVersion: 1 } });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ policyVersion: 2, position: expect.stringMatching(/^\d+$/) });
    expect((await policyEvents(store)).map((event) => event.type)).toEqual(['TierPolicyVersionPublished', 'TierPolicyVersionPublished']);
    const read = await app.inject({ url: '/v1/tier-policy', headers: bearer('analyst') });
    expect(read.json()).toMatchObject({ policy: { policyVersion: 2 } });
    await app.close();
  });

  it('refuses a stale expected version, a bad document and a non-admin, writing nothing', async () => {
    const store = await given();
    const app = await testApp({ bodyLimitBytes: 100_000, routes: policyRoutes(store.depsWith()) });
    const stale = await app.inject({ method: 'PUT', url: '/v1/tier-policy', headers: bearer('admin'), payload: { policy: lenientPolicy, expectedVersion: 0 } });
    expect(stale.statusCode).toBe(409);
    const bad = await app.inject({ method: 'PUT', url: '/v1/tier-policy', headers: bearer('admin'), payload: { policy: { ...lenientPolicy, tiers: 'gold' }, expectedVersion: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json().errors.map((error: { path: string }) => error.path)).toContain('body.policy.tiers');
    const agent = await app.inject({ method: 'PUT', url: '/v1/tier-policy', headers: bearer('agent'), payload: { policy: lenientPolicy, expectedVersion: 1 } });
    expect(agent.statusCode).toBe(403);
    expect(await policyEvents(store)).toHaveLength(1);
    await app.close();
  });
});
