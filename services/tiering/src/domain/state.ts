import type { OverrideReasonCode, TierEvent, TierRule, TierWithdrawalReason } from '@ctp/contracts';
import type { IsoDate } from '@ctp/calendar';

export interface ActiveOverride {
  readonly overrideId: string;
  readonly tier: string;
  readonly reasonCode: OverrideReasonCode;
  readonly expiresAt: string;
}

/** Reviews that found the customer below their tier, counted since the first consecutive one. */
export interface PendingDowngrade {
  readonly projectedTier: string;
  readonly reviewsBelow: number;
  readonly lastReviewBelow: IsoDate;
  readonly firstWarnedOn: IsoDate;
  readonly confirmOn: IsoDate;
  readonly keepScore: number;
}

export interface TierDecision {
  readonly rule: TierRule;
  readonly score: number;
  readonly snapshotDate: IsoDate;
  readonly policyId: string;
  readonly policyVersion: number;
}

/**
 * TierAssigned and TierChanged always record the computed tier (the model's), overrides or not; an
 * override lies on top until it expires. The tier a customer is served at is `effectiveTier`.
 */
export type TierState =
  | { readonly status: 'unassigned'; readonly override: ActiveOverride | null }
  | {
      readonly status: 'assigned';
      readonly computedTier: string;
      readonly computedSince: IsoDate;
      readonly lastDecision: TierDecision;
      readonly pendingDowngrade: PendingDowngrade | null;
      readonly override: ActiveOverride | null;
    }
  | {
      /** Merged into another customer or erased: no decision follows, any override ended. */
      readonly status: 'withdrawn';
      readonly reason: TierWithdrawalReason;
      readonly mergedInto: string | null;
      readonly withdrawnTier: string | null;
      readonly override: null;
    };

export const initialTierState: TierState = { status: 'unassigned', override: null };

export function effectiveTier(state: TierState): string | null {
  return state.override?.tier ?? (state.status === 'assigned' ? state.computedTier : null);
}

export function evolve(state: TierState, event: TierEvent): TierState {
  switch (event.type) {
    case 'TierAssigned':
    case 'TierChanged': {
      const { rule, score, snapshotDate, policyId, policyVersion } = event.data;
      return {
        status: 'assigned',
        computedTier: event.type === 'TierAssigned' ? event.data.tier : event.data.to,
        computedSince: snapshotDate,
        lastDecision: { rule, score, snapshotDate, policyId, policyVersion },
        pendingDowngrade: null,
        override: state.override,
      };
    }
    case 'TierDowngradeWarned': {
      if (state.status !== 'assigned') return state;
      const { projectedTier, reviewsBelow, snapshotDate, confirmOn, keepScore } = event.data;
      const firstWarnedOn = reviewsBelow > 1 ? (state.pendingDowngrade?.firstWarnedOn ?? snapshotDate) : snapshotDate;
      return {
        ...state,
        pendingDowngrade: { projectedTier, reviewsBelow, lastReviewBelow: snapshotDate, firstWarnedOn, confirmOn, keepScore },
      };
    }
    case 'TierOverridden': {
      if (state.status === 'withdrawn') return state;
      const { overrideId, tier, reasonCode, expiresAt } = event.data;
      return { ...state, override: { overrideId, tier, reasonCode, expiresAt } };
    }
    case 'TierOverrideExpired':
      return state.override?.overrideId === event.data.overrideId ? { ...state, override: null } : state;
    case 'TierWithdrawn': {
      const { reason, mergedInto, tier } = event.data;
      return { status: 'withdrawn', reason, mergedInto, withdrawnTier: tier, override: null };
    }
    default: {
      const unexpected: never = event;
      throw new Error(`unexpected tier event ${JSON.stringify(unexpected)}`);
    }
  }
}
