import type { TierEvent } from '../index.js';
import { describe, expect, it } from 'vitest';
import { evolveTierStanding, noTierStanding, tierInForce } from './standing.js';

const customerId = 'C-1';
const explanation = { score: 0.9, components: [{ component: 'monetary' as const, value: '1', normalised: 0.9, weight: 1 }], thresholds: [{ tier: 'gold', minScore: 0.5 }], currency: 'CNY', snapshotDate: '2026-03-01', policyId: 'default', policyVersion: 2 };
const assigned: TierEvent = { type: 'TierAssigned', data: { customerId, tier: 'silver', rule: 'initial_assignment', ...explanation } };
const upgraded: TierEvent = { type: 'TierChanged', data: { customerId, from: 'silver', to: 'gold', direction: 'upgrade', rule: 'upgrade_immediate', ...explanation, policyVersion: 3 } };
const overridden: TierEvent = {
  type: 'TierOverridden',
  data: { customerId, overrideId: 'OV-1', tier: 'key_account', computedTier: 'silver', reasonCode: 'strategic', reason: 'board decision', overriddenBy: { kind: 'api-key', id: 'k', role: 'admin' }, expiresAt: '2026-06-01T00:00:00Z' },
};
const expired: TierEvent = { type: 'TierOverrideExpired', data: { customerId, overrideId: 'OV-1', tier: 'key_account', revertedTo: 'gold' } };
const withdrawn: TierEvent = { type: 'TierWithdrawn', data: { customerId, tier: 'gold', reason: 'erased', mergedInto: null } };

const tierAfter = (...events: TierEvent[]) => tierInForce(events.reduce(evolveTierStanding, noTierStanding));

describe('the tier a case counts on', () => {
  it('is the computed tier with the policy that decided it', () => {
    expect(tierAfter(assigned)).toEqual({ tier: 'silver', tierPolicyId: 'default', tierPolicyVersion: 2 });
    expect(tierAfter(assigned, upgraded)).toEqual({ tier: 'gold', tierPolicyId: 'default', tierPolicyVersion: 3 });
  });

  it("is an override's while it lasts, even when the computed tier changes underneath, then the computed one again", () => {
    expect(tierAfter(assigned, overridden)).toEqual({ tier: 'key_account', tierPolicyId: 'default', tierPolicyVersion: 2 });
    expect(tierAfter(assigned, overridden, upgraded)).toEqual({ tier: 'key_account', tierPolicyId: 'default', tierPolicyVersion: 3 });
    expect(tierAfter(assigned, overridden, upgraded, expired)).toEqual({ tier: 'gold', tierPolicyId: 'default', tierPolicyVersion: 3 });
  });

  it('is none once withdrawn, or while no computed decision names a policy', () => {
    expect(tierAfter(assigned, withdrawn)).toBeNull();
    expect(tierAfter(overridden)).toBeNull();
    expect(tierAfter()).toBeNull();
  });
});
