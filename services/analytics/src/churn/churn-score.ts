import { round } from '../metrics/ratios.js';
import type { Factor } from './churn-factors.js';
import type { ChurnModel } from './churn-model.js';

export interface Contribution {
  readonly factor: Factor['name'];
  readonly weight: number;
  readonly value: number;
  /** weight x value */
  readonly contribution: number;
  /** contribution / score; null when the score is 0 */
  readonly share: number | null;
}

export interface RiskScore {
  readonly score: number;
  readonly atRisk: boolean;
  readonly contributions: readonly Contribution[];
}

/** The model applied to the factors: the weighted sum, each factor's part of it, and whether it reaches the threshold. */
export function scoreOf(factors: readonly Factor[], model: ChurnModel): RiskScore {
  const parts = factors.map(({ name, value }) => ({ factor: name, weight: model.factors[name].weight, value, contribution: model.factors[name].weight * value }));
  const score = parts.reduce((sum, { contribution }) => sum + contribution, 0);
  return {
    score: round(score),
    atRisk: score >= model.threshold,
    contributions: parts.map((part) => ({ ...part, contribution: round(part.contribution), share: score === 0 ? null : round(part.contribution / score) })),
  };
}
