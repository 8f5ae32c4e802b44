import { streamIdFor } from '@ctp/contracts';
import { personalDataAccess } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { overrideRoutes } from '../overrides/override-routes.js';
import { rollOut } from '../rollout/rollout.js';
import { freshTieringStores } from '../test-support/tiering-store.js';
import { tierRoutes } from './tier-routes.js';

const now = new Date('2026-03-16T02:00:00Z');

/** Review finding: the history returned TierOverridden.reason, a personal field, in clear to every role, unrecorded. */
describe("the tier history's personal fields", () => {
  const given = freshTieringStores('tier_history', now);

  it('refuses a read without a configured purpose, masks an override reason for roles that may not see personal data, and records the reads that show it with holder, purpose and the header justification', async () => {
    const { customers, depsWith, stores } = await given();
    const deps = depsWith();
    const recorder = personalDataAccess({ store: deps.store, clock: () => now, settings: { ACCESS_PURPOSES: 'complaint_handling,fraud_review', PERSONAL_DATA_ROLES: 'agent,admin' } });
    await rollOut(deps, { id: 'tier-policy-rollout:default:1', dueAt: now, policyVersion: 1 });
    const app = await testApp({
      routes: async (routes) => {
        await routes.register(tierRoutes(deps, { db: undefined as never, readYourWrites: async () => undefined, access: recorder }));
        await routes.register(overrideRoutes(deps));
      },
    });
    const customerId = customers[0]!;
    const expiresAt = new Date(now.getTime() + 86_400_000).toISOString();
    const overridden = await app.inject({ method: 'POST', url: `/v1/customers/${customerId}/tier/override`, headers: bearer('admin'), payload: { tier: 'key_account', reasonCode: 'key_account_contract', reason: 'Mr Zhang asked on the phone', expiresAt } });
    expect(overridden.statusCode, overridden.body).toBe(201);
    const audit = async () => stores.store.readStream(streamIdFor('audit', customerId));
    const reasonFor = async (role: 'analyst' | 'auditor' | 'agent', headers: Record<string, string> = {}) => {
      const response = await app.inject({ url: `/v1/customers/${customerId}/tier/history?purpose=complaint_handling`, headers: { ...bearer(role), ...headers } });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as { events: { type: string; data: { reason?: unknown } }[] }).events.find((event) => event.type === 'TierOverridden')?.data.reason;
    };

    for (const [url, role] of [['', 'agent'], ['?purpose=service', 'agent'], ['', 'analyst']] as const) {
      const refused = await app.inject({ url: `/v1/customers/${customerId}/tier/history${url}`, headers: bearer(role) });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ errors: [{ path: 'query.purpose', message: expect.stringContaining('one of complaint_handling, fraud_review') }] });
    }
    expect(await audit()).toEqual([]);

    expect(await reasonFor('analyst')).toBe('***');
    expect(await reasonFor('auditor')).toBe('***');
    expect(await audit()).toEqual([]);

    expect(await reasonFor('agent', { 'x-access-justification': encodeURIComponent('callback about ticket 42') })).toBe('Mr Zhang asked on the phone');
    const [access] = await audit();
    expect(access).toMatchObject({
      type: 'PersonalDataAccessed',
      data: { customerId, accessedBy: { kind: 'api-key', id: 'test-agent', role: 'agent', holder: { kind: 'system', name: 'test (agent)' } }, purpose: 'complaint_handling', view: 'GET /v1/customers/{id}/tier/history', fieldsRevealed: ['TierOverridden.reason'], justification: 'callback about ticket 42' },
    });
    await app.close();
  });
});
