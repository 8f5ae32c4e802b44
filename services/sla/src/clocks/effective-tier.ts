import type { TierEvent } from '@ctp/contracts';

/** A customer's tier as sla counts on it: the override's while it lasts, else the computed one. */
export interface TierStanding {
  readonly computed: string | null;
  readonly override: string | null;
  readonly withdrawn: boolean;
  /** The tier policy of the last computed decision (an override names none). */
  readonly policy: { readonly tierPolicyId: string; readonly tierPolicyVersion: number } | null;
}

export const noStanding: TierStanding = { computed: null, override: null, withdrawn: false, policy: null };

export function evolveStanding(standing: TierStanding, event: TierEvent): TierStanding {
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
export function effectiveTier(standing: TierStanding): { readonly to: string; readonly tierPolicyId: string; readonly tierPolicyVersion: number } | null {
  const to = standing.withdrawn ? null : (standing.override ?? standing.computed);
  return to !== null && standing.policy ? { to, ...standing.policy } : null;
}
