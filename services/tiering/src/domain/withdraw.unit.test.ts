import { describe, expect, it } from 'vitest';
import type { WithdrawTier } from './commands.js';
import { effectiveTier } from './state.js';
import { given } from './test-support/decider-spec.js';
import { historyOf, recorded, registered } from './test-support/facts.js';
import { scores, testPolicy } from './test-support/policies.js';
import { assigned, customerId, overridden, staff, withdrawn } from './test-support/tier-events.js';
import { withdrawalOf } from './withdraw.js';

const mergedInto = (survivor: string): WithdrawTier => ({ kind: 'withdraw', customerId, reason: 'merged', mergedInto: survivor });
const erased: WithdrawTier = { kind: 'withdraw', customerId, reason: 'erased', mergedInto: null };
const reassess = { kind: 'reassess', reason: 'facts_changed', customerId, snapshotDate: '2025-03-10', policy: testPolicy, values: scores.key } as const;
const review = { kind: 'review', customerId, reviewDate: '2025-04-01', policy: testPolicy, values: scores.standard } as const;
const override = {
  kind: 'override', customerId, overrideId: 'OV-9', tier: 'key_account', reasonCode: 'key_account_contract', reason: 'Contract',
  actor: staff, expiresAt: '2025-04-01T00:00:00+08:00', now: new Date('2025-03-10T00:00:00Z'), policy: testPolicy,
} as const;

describe('given a gold customer', () => {
  const gold = assigned(scores.gold);

  it('when merged into another customer then the tier is withdrawn, naming the survivor', () => {
    given(gold).when(mergedInto('C-2002')).then({ type: 'TierWithdrawn', data: { customerId, tier: 'gold', reason: 'merged', mergedInto: 'C-2002' } });
  });

  it('when erased then the tier is withdrawn without a survivor', () => {
    given(gold).when(erased).then({ type: 'TierWithdrawn', data: { tier: 'gold', reason: 'erased', mergedInto: null } });
  });

  it('when overridden at the time then the overriding tier is the one withdrawn, and the override ends with it', () => {
    const history = [gold, overridden('key_account', '2025-04-01T00:00:00Z')];
    given(...history).when(erased).then({ type: 'TierWithdrawn', data: { tier: 'key_account' } });
    const state = given(...history, withdrawn('key_account', null)).state;
    expect(state).toMatchObject({ status: 'withdrawn', reason: 'erased', override: null });
    expect(effectiveTier(state)).toBeNull();
  });
});

describe('given a customer never tiered', () => {
  it('when withdrawn then there is nothing to record', () => {
    given().when(erased).thenNothing();
  });

  it('when only an override lay on them then its tier is withdrawn', () => {
    given(overridden('key_account', '2025-04-01T00:00:00Z', 'OV-1', null)).when(mergedInto('C-2002')).then({ type: 'TierWithdrawn', data: { tier: 'key_account' } });
  });
});

describe('given a customer whose tier was withdrawn', () => {
  const gone = [assigned(scores.gold), withdrawn('gold')] as const;

  it('when facts or a review arrive late then nothing happens', () => {
    given(...gone).when(reassess).thenNothing();
    given(...gone).when(review).thenNothing();
    given(...gone).when({ kind: 'expire_override', customerId, overrideId: 'OV-1', now: new Date('2025-05-01T00:00:00Z') }).thenNothing();
  });

  it('when withdrawn again then nothing more is recorded', () => {
    given(...gone).when(mergedInto('C-2002')).thenNothing();
    given(...gone).when(erased).thenNothing();
  });

  it('when someone overrides the tier then it is refused', () => {
    given(...gone).when(override).thenThrows('customer_withdrawn');
  });
});

describe('given a customer id’s own stream', () => {
  const merge = recorded('CustomerMergedInto', { customerId: 'C-1', survivorId: 'C-7', mergeEventId: '0b5a4a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' }, '2025-03-01T00:00:00Z');
  const erasure = recorded('CustomerErasureRequested', { customerId: 'C-1', requestId: 'ER-1', requestedVia: 'email' }, '2025-03-02T00:00:00Z');
  const joined = registered('2024-01-01', '2024-01-01T00:00:00Z');

  it('when it says merged into another then the withdrawal is a merge into that survivor', () => {
    expect(withdrawalOf(historyOf('C-1', joined, merge))).toEqual({ reason: 'merged', mergedInto: 'C-7' });
  });

  it('when it says erased then the withdrawal is an erasure, kept with its time', () => {
    const history = historyOf('C-1', joined, erasure);
    expect(history.erasedAt).toBe(Date.parse('2025-03-02T00:00:00Z'));
    expect(withdrawalOf(history)).toEqual({ reason: 'erased', mergedInto: null });
  });

  it('when it says neither then the customer stands', () => {
    expect(withdrawalOf(historyOf('C-1', joined))).toBeNull();
  });
});
