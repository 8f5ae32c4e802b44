import { describe, expect, it } from 'vitest';
import type { OverrideTier } from './commands.js';
import { effectiveTier } from './state.js';
import { given } from './test-support/decider-spec.js';
import { scores, testPolicy } from './test-support/policies.js';
import { assigned, customerId, overridden, staff, warned } from './test-support/tier-events.js';

const now = new Date('2025-03-01T02:00:00Z');
const override = (changes: Partial<OverrideTier> = {}): OverrideTier => ({
  kind: 'override',
  customerId,
  overrideId: 'OV-1',
  tier: 'key_account',
  reasonCode: 'key_account_contract',
  reason: 'Framework contract',
  actor: staff,
  expiresAt: '2025-05-29T10:00:00+08:00',
  now,
  policy: testPolicy,
  ...changes,
});
const expire = (overrideId: string, at: string) => ({ kind: 'expire_override', customerId, overrideId, now: new Date(at) }) as const;

describe('given a gold customer', () => {
  const gold = assigned(scores.gold);

  it('when an agent overrides within the policy rules then the override records the computed tier beside it', () => {
    given(gold)
      .when(override())
      .then({
        type: 'TierOverridden',
        data: { customerId, overrideId: 'OV-1', tier: 'key_account', computedTier: 'gold', reasonCode: 'key_account_contract', overriddenBy: staff },
      });
  });

  it('when the override names a tier the policy does not allow then it is refused', () => {
    given(gold).when(override({ tier: 'silver' })).thenThrows('override_tier_not_allowed');
    given(gold).when(override({ tier: 'platinum' })).thenThrows('override_tier_unknown');
  });

  it('when the reason code is not one the policy accepts then it is refused', () => {
    given(gold).when(override({ reasonCode: 'strategic' })).thenThrows('override_reason_not_allowed');
  });

  it('when the expiry is past or beyond the maximum then it is refused', () => {
    given(gold).when(override({ expiresAt: '2025-03-01T09:59:59+08:00' })).thenThrows('override_expiry_not_in_future');
    given(gold).when(override({ expiresAt: '2025-06-01T00:00:00Z' })).thenThrows('override_too_long');
  });

  it('when the same override is sent again then nothing more is recorded', () => {
    given(gold, overridden('key_account', '2025-05-29T10:00:00+08:00')).when(override()).thenNothing();
  });

  it('when a customer without a tier yet is overridden then the computed tier is null', () => {
    given().when(override()).then({ type: 'TierOverridden', data: { computedTier: null } });
  });
});

describe('given a gold customer overridden to key account', () => {
  const history = [assigned(scores.gold), overridden('key_account', '2025-05-29T10:00:00+08:00')];

  it('then they are served as key account while the computed tier stays gold', () => {
    expect(effectiveTier(given(...history).state)).toBe('key_account');
    expect(given(...history).state).toMatchObject({ computedTier: 'gold' });
  });

  it('when reviews keep deciding then the computed tier moves underneath the override', () => {
    const warning = warned('gold', '2025-03-01', '2025-04-01');
    const [downgrade] = given(...history, warning)
      .when({ kind: 'review', customerId, reviewDate: '2025-04-01', policy: testPolicy, values: scores.silver })
      .then({ type: 'TierChanged', data: { from: 'gold', to: 'silver', direction: 'downgrade' } });
    const state = given(...history, warning, downgrade!).state;
    expect([effectiveTier(state), state.status === 'assigned' && state.computedTier]).toEqual(['key_account', 'silver']);
  });

  it('when the override expires then the customer reverts to the computed tier', () => {
    const [expired] = given(...history)
      .when(expire('OV-1', '2025-05-29T02:00:00Z'))
      .then({ type: 'TierOverrideExpired', data: { customerId, overrideId: 'OV-1', tier: 'key_account', revertedTo: 'gold' } });
    expect(effectiveTier(given(...history, expired!).state)).toBe('gold');
  });

  it('when the expiry is not yet due or names another override then nothing happens', () => {
    given(...history).when(expire('OV-1', '2025-05-29T01:59:59Z')).thenNothing();
    given(...history).when(expire('OV-0', '2025-06-30T00:00:00Z')).thenNothing();
  });

  it('when a newer override replaced it then the old expiry is ignored', () => {
    given(...history, overridden('gold', '2025-05-01T00:00:00Z', 'OV-2')).when(expire('OV-1', '2025-06-01T00:00:00Z')).thenNothing();
  });
});
