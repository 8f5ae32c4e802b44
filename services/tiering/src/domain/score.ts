import type { ComponentScore } from '@ctp/contracts';
import { formatComponentValue } from './component-format.js';
import type { ComponentValues } from './component-values.js';
import { normalisedOf, scoringComponents } from './normalise.js';
import type { ScoringPolicy } from './policy.js';

export interface CustomerScore {
  /** Sum of weight x normalised, rounded to 6 decimals so that a score on a threshold stays on it. */
  readonly score: number;
  readonly tier: string;
  readonly components: ComponentScore[];
}

export const roundScore = (score: number) => Math.round(score * 1e6) / 1e6;

export function scoreOf(values: ComponentValues, policy: ScoringPolicy): number {
  let sum = 0;
  for (const scoring of scoringComponents(policy)) sum += scoring.weight * normalisedOf(values[scoring.component], scoring);
  return roundScore(sum);
}

/** The highest tier whose minScore the score reaches (tiers are listed highest first). */
export function tierFor(score: number, policy: Pick<ScoringPolicy, 'tiers'>): string {
  return (policy.tiers.find(({ minScore }) => score >= minScore) ?? policy.tiers[policy.tiers.length - 1]!).tier;
}

/** 0 for the highest tier; a tier the policy does not define ranks below all of them. */
export function tierRank(tier: string, policy: Pick<ScoringPolicy, 'tiers'>): number {
  const rank = policy.tiers.findIndex((candidate) => candidate.tier === tier);
  return rank === -1 ? policy.tiers.length : rank;
}

export function thresholdsOf(policy: Pick<ScoringPolicy, 'tiers'>) {
  return policy.tiers.map(({ tier, minScore }) => ({ tier, minScore }));
}

export function scoreCustomer(values: ComponentValues, policy: ScoringPolicy): CustomerScore {
  const components = scoringComponents(policy).map((scoring) => ({
    component: scoring.component,
    value: formatComponentValue(scoring.component, values[scoring.component], policy.currency),
    normalised: normalisedOf(values[scoring.component], scoring),
    weight: scoring.weight,
  }));
  const score = scoreOf(values, policy);
  return { score, tier: tierFor(score, policy), components };
}
