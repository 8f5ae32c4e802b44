import type { IsoDate } from '@ctp/calendar';
import type { ComponentValues } from './component-values.js';
import type { TierPolicy } from './policy.js';
import { scoreCustomer, thresholdsOf, type CustomerScore } from './score.js';

/** One customer scored under one policy version at a snapshot date. */
export interface Assessment {
  readonly customerId: string;
  readonly policy: TierPolicy;
  readonly values: ComponentValues;
  readonly scored: CustomerScore;
  readonly snapshotDate: IsoDate;
}

export function assess(customerId: string, policy: TierPolicy, values: ComponentValues, snapshotDate: IsoDate): Assessment {
  return { customerId, policy, values, scored: scoreCustomer(values, policy), snapshotDate };
}

/** Everything an auditor needs to recompute the decision, as TierAssigned and TierChanged carry it. */
export function explanationOf({ policy, scored, snapshotDate }: Assessment) {
  return {
    score: scored.score,
    components: scored.components,
    thresholds: thresholdsOf(policy),
    currency: policy.currency,
    snapshotDate,
    policyId: policy.policyId,
    policyVersion: policy.policyVersion,
  };
}
