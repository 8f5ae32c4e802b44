import type { TierEvent } from '@ctp/contracts';

const explanation = {
  score: 0.6,
  components: [{ component: 'monetary' as const, value: '1000', normalised: 0.6, weight: 1 }],
  thresholds: [{ tier: 'gold', minScore: 0.5 }],
  currency: 'CNY',
  snapshotDate: '2026-01-01',
  policyId: 'default',
  policyVersion: 1,
};

/** Tier events as the tiering service writes them, for one customer. */
export const tierEvents = (customerId: string) => ({
  assigned: (tier: string): TierEvent => ({ type: 'TierAssigned', data: { customerId, tier, rule: 'initial_assignment', ...explanation } }),
  changed: (from: string, to: string, direction: 'upgrade' | 'downgrade'): TierEvent => ({
    type: 'TierChanged',
    data: { customerId, from, to, direction, rule: direction === 'upgrade' ? 'upgrade_immediate' : 'downgrade_confirmed', ...explanation },
  }),
  overridden: (tier: string, computedTier: string | null): TierEvent => ({
    type: 'TierOverridden',
    data: { customerId, overrideId: `OV-${customerId}`, tier, computedTier, reasonCode: 'key_account_contract', reason: 'signed by Wang Fang', overriddenBy: { kind: 'api-key', id: 'k-1', role: 'admin' }, expiresAt: '2026-12-31T00:00:00Z' },
  }),
  overrideExpired: (tier: string, revertedTo: string | null): TierEvent => ({ type: 'TierOverrideExpired', data: { customerId, overrideId: `OV-${customerId}`, tier, revertedTo } }),
  withdrawn: (tier: string | null, reason: 'merged' | 'erased' = 'erased'): TierEvent => ({ type: 'TierWithdrawn', data: { customerId, tier, reason, mergedInto: reason === 'merged' ? 'C-SURVIVOR' : null } }),
  warned: (tier: string, projectedTier: string): TierEvent => ({
    type: 'TierDowngradeWarned',
    data: { customerId, tier, projectedTier, score: 0.4, keepScore: 0.5, reviewsBelow: 1, reviewsToConfirm: 2, snapshotDate: '2026-02-01', confirmOn: '2026-03-01', needed: [{ component: 'monetary', current: '800', target: '1000' }], policyId: 'default', policyVersion: 1 },
  }),
});
