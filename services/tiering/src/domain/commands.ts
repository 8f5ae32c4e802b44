import type { Actor, OverrideReasonCode } from '@ctp/contracts';
import type { IsoDate } from '@ctp/calendar';
import type { ComponentValues } from './component-values.js';
import type { TierPolicy } from './policy.js';

/** A customer's facts changed, or a new policy version applies: upgrades and first assignments happen at once. */
export interface ReassessTier {
  readonly kind: 'reassess';
  readonly reason: 'facts_changed' | 'policy_published';
  readonly customerId: string;
  /** The business date (in the business time zone) the values were measured on. */
  readonly snapshotDate: IsoDate;
  readonly policy: TierPolicy;
  readonly values: ComponentValues;
}

/** A scheduled review: as a reassessment, and the only time a downgrade is warned of or confirmed. */
export interface ReviewTier {
  readonly kind: 'review';
  readonly customerId: string;
  readonly reviewDate: IsoDate;
  readonly policy: TierPolicy;
  readonly values: ComponentValues;
}

export interface OverrideTier {
  readonly kind: 'override';
  readonly customerId: string;
  readonly overrideId: string;
  readonly tier: string;
  readonly reasonCode: OverrideReasonCode;
  readonly reason: string;
  readonly actor: Actor;
  /** RFC 3339 with an offset. */
  readonly expiresAt: string;
  readonly now: Date;
  readonly policy: TierPolicy;
}

export interface ExpireOverride {
  readonly kind: 'expire_override';
  readonly customerId: string;
  readonly overrideId: string;
  readonly now: Date;
}

/** Why a customer id no longer stands for a customer of its own. */
export type Withdrawal = { readonly reason: 'merged'; readonly mergedInto: string } | { readonly reason: 'erased'; readonly mergedInto: null };

/** The id was merged into another customer, or the customer was erased: its tier leaves the tier base. */
export type WithdrawTier = { readonly kind: 'withdraw'; readonly customerId: string } & Withdrawal;

export type TierCommand = ReassessTier | ReviewTier | OverrideTier | ExpireOverride | WithdrawTier;
