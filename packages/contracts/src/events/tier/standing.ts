import type { TierEvent } from '../index.js';

/** A customer's tier as other services count on it, folded from the tier events: the override's while it lasts, else the computed one. */
export interface TierStanding {
  readonly computed: string | null;
  readonly override: string | null;
  readonly withdrawn: boolean;
  /** The tier policy of the last computed decision (an override names none). */
  readonly policy: { readonly tierPolicyId: string; readonly tierPolicyVersion: number } | null;
}

export const noTierStanding: TierStanding = { computed: null, override: null, withdrawn: false, policy: null };

export function evolveTierStanding(standing: TierStanding, event: TierEvent): TierStanding {
  switch (event.type) {
    case 'TierAssigned':
      return { ...standing, computed: event.data.tier, policy: { tierPolicyId: event.data.policyId, tierPolicyVersion: event.data.policyVersion } };
    case 'TierChanged':
      return { ...standing, computed: event.data.to, policy: { tierPolicyId: event.data.policyId, tierPolicyVersion: event.data.policyVersion } };
    case 'TierOverridden':
      return { ...standing, override: event.data.tier };
    case 'TierOverrideExpired':
      return { ...standing, override: null };
    case 'TierWithdrawn':
      return { ...standing, withdrawn: true, override: null, computed: null };
    default:
      return standing;
  }
}

/** The tier in force and its policy, or null: withdrawn, never tiered, or no policy known yet. */
export function tierInForce(standing: TierStanding): { readonly tier: string; readonly tierPolicyId: string; readonly tierPolicyVersion: number } | null {
  const tier = standing.withdrawn ? null : (standing.override ?? standing.computed);
  return tier !== null && standing.policy ? { tier, ...standing.policy } : null;
}
