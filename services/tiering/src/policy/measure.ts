import { toReportingMinor, type ExchangeRates } from '@ctp/contracts';
import type { CustomerHistory } from '../domain/metrics.js';
import { componentValues, isActiveCustomer, type ComponentValues } from '../domain/component-values.js';
import type { TierPolicyDocument } from '../domain/policy.js';

/** What measuring needs of the deployment. */
export interface Measuring {
  readonly rates: ExchangeRates;
  /** BUSINESS_TIME_ZONE: a date (customerSince, a review, a snapshot) begins at its midnight there. */
  readonly timeZone: string;
}

/** A customer's component values under a policy at an instant; money at the deployment's rates. */
export function measure(history: CustomerHistory, policy: Pick<TierPolicyDocument, 'windowMonths' | 'monetaryBasis'>, asOf: number, { rates, timeZone }: Measuring): ComponentValues {
  return componentValues(history, {
    asOf,
    windowMonths: policy.windowMonths,
    monetaryBasis: policy.monetaryBasis,
    toPolicyMinor: (minor, currency) => toReportingMinor(rates, minor, currency),
    timeZone,
  });
}

export function activeBase(histories: readonly CustomerHistory[], policy: TierPolicyDocument, asOf: number, measuring: Measuring): ComponentValues[] {
  return histories.filter((history) => isActiveCustomer(history, asOf, policy.activeWithinMonths)).map((history) => measure(history, policy, asOf, measuring));
}
