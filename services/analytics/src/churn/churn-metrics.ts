import { ratio, round, type Ratio } from '../metrics/ratios.js';

/** A scored customer with what happened after: churned or not. */
export interface Outcome {
  readonly score: number;
  readonly predicted: boolean;
  readonly churned: boolean;
}

export interface BacktestMetrics {
  readonly customers: number;
  readonly churned: number;
  readonly predicted: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  /** churned / customers */
  readonly baseRate: Ratio;
  /** true positives / predicted */
  readonly precision: Ratio;
  /** true positives / churned */
  readonly recall: Ratio;
  readonly auc: number | null;
}

export function backtestMetrics(outcomes: readonly Outcome[]): BacktestMetrics {
  const count = (test: (outcome: Outcome) => boolean) => outcomes.filter(test).length;
  const truePositives = count(({ predicted, churned }) => predicted && churned);
  const falsePositives = count(({ predicted, churned }) => predicted && !churned);
  const falseNegatives = count(({ predicted, churned }) => !predicted && churned);
  const churned = truePositives + falseNegatives;
  const predicted = truePositives + falsePositives;
  return {
    customers: outcomes.length, churned, predicted, truePositives, falsePositives, falseNegatives, trueNegatives: outcomes.length - churned - falsePositives,
    baseRate: ratio(churned, outcomes.length), precision: ratio(truePositives, predicted), recall: ratio(truePositives, churned),
    auc: auc(outcomes),
  };
}

/**
 * Area under the ROC curve by ranks (Mann-Whitney U): rank every score ascending, ties sharing their
 * mean rank; AUC = (sum of the churned ranks - n1 (n1 + 1) / 2) / (n1 x n0). Null without both classes.
 */
export function auc(outcomes: readonly Pick<Outcome, 'score' | 'churned'>[]): number | null {
  const positives = outcomes.filter(({ churned }) => churned).length;
  const negatives = outcomes.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const sorted = [...outcomes].sort((a, b) => a.score - b.score);
  let positiveRanks = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end < sorted.length && sorted[end]!.score === sorted[start]!.score) end += 1;
    const meanRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index += 1) if (sorted[index]!.churned) positiveRanks += meanRank;
    start = end;
  }
  return round((positiveRanks - (positives * (positives + 1)) / 2) / (positives * negatives));
}
