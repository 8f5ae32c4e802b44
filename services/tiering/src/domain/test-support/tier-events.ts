import type { EventData, TierEvent } from '@ctp/contracts';
import type { ComponentValues } from '../component-values.js';
import { decide } from '../decide.js';
import { initialTierState } from '../state.js';
import { testPolicy } from './policies.js';

export const customerId = 'C-1001';
export const staff = { kind: 'api-key', id: 'key-agent-7', role: 'agent' } as const;

/** The TierAssigned the decider itself would write for these values. */
export function assigned(values: ComponentValues, snapshotDate = '2025-01-15', policy = testPolicy): TierEvent {
  const [event] = decide({ kind: 'reassess', reason: 'facts_changed', customerId, snapshotDate, policy, values }, initialTierState);
  return event!;
}

export function warned(tier: string, snapshotDate: string, confirmOn: string, reviewsBelow = 1): TierEvent {
  const data: EventData<'TierDowngradeWarned'> = {
    customerId,
    tier,
    projectedTier: 'gold',
    score: 0.675,
    keepScore: 0.75,
    reviewsBelow,
    reviewsToConfirm: 2,
    snapshotDate,
    confirmOn,
    needed: [{ component: 'frequency', current: '4', target: '8' }],
    policyId: testPolicy.policyId,
    policyVersion: testPolicy.policyVersion,
  };
  return { type: 'TierDowngradeWarned', data };
}

export function overridden(tier: string, expiresAt: string, overrideId = 'OV-1', computedTier: string | null = 'gold'): TierEvent {
  return {
    type: 'TierOverridden',
    data: { customerId, overrideId, tier, computedTier, reasonCode: 'key_account_contract', reason: 'Framework contract', overriddenBy: staff, expiresAt },
  };
}

export function withdrawn(tier: string | null, mergedInto: string | null = 'C-2002'): TierEvent {
  return { type: 'TierWithdrawn', data: { customerId, tier, reason: mergedInto === null ? 'erased' : 'merged', mergedInto } };
}
