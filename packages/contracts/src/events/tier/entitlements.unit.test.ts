import { describe, expect, it } from 'vitest';
import { entitledTier, serviceOf } from './entitlements.js';
import { noTierStanding, type TierStanding } from './standing.js';

const service = (priorityResponseHours: number | null, dedicatedManager = false) => ({ dedicatedManager, priorityResponseHours, onSiteVisitsPerYear: 0, callbacksPerYear: 2 });
const version = (policyVersion: number, effectiveFrom: string, keyHours: number) => ({
  policyId: 'default',
  policyVersion,
  effectiveFrom,
  tiers: [
    { tier: 'key_account', label: 'Key', minScore: 0.8, service: service(keyHours, true) },
    { tier: 'standard', label: 'Standard', minScore: 0, service: service(null) },
  ],
});
const versions = [version(1, '2026-01-01T00:00:00Z', 24), version(2, '2026-06-01T00:00:00Z', 12)];
const computed = (tier: string): TierStanding => ({ ...noTierStanding, computed: tier, policy: { tierPolicyId: 'default', tierPolicyVersion: 1 } });

describe('the entitlements of the tier in force', () => {
  it('given a computed tier then the section of the version its decision named', () => {
    expect(entitledTier(versions, computed('key_account'))).toEqual({ tier: 'key_account', overridden: false, tierPolicy: { policyId: 'default', policyVersion: 1 }, entitlements: service(24, true) });
  });

  it('given a later instant then the latest version effective then that still has the tier', () => {
    expect(entitledTier(versions, computed('key_account'), '2026-07-01T00:00:00Z')).toMatchObject({ tierPolicy: { policyVersion: 2 }, entitlements: { priorityResponseHours: 12 } });
    expect(entitledTier(versions, computed('key_account'), '2026-03-01T00:00:00Z')).toMatchObject({ tierPolicy: { policyVersion: 1 } });
  });

  it('given an override then its tier is served and marked', () => {
    expect(entitledTier(versions, { ...computed('standard'), override: 'key_account' })).toMatchObject({ tier: 'key_account', overridden: true, entitlements: { dedicatedManager: true } });
  });

  it('given no tier, a withdrawal or an unknown version then none', () => {
    expect(entitledTier(versions, noTierStanding)).toBeNull();
    expect(entitledTier(versions, { ...computed('key_account'), withdrawn: true })).toBeNull();
    expect(entitledTier(versions, { ...computed('key_account'), policy: { tierPolicyId: 'default', tierPolicyVersion: 9 } })).toBeNull();
    expect(serviceOf(versions[0]!, 'platinum')).toBeNull();
  });
});
