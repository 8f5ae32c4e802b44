import type { TierPolicy } from '../domain/policy.js';

export interface TierDocument {
  /** The customer id. */
  readonly _id: string;
  readonly customerId: string;
  readonly computedTier?: string;
  readonly computedSince?: Date;
  readonly explanation?: { score: number; thresholds: { tier: string; minScore: number }[]; policyVersion: number } & Record<string, unknown>;
  readonly pendingDowngrade?: Record<string, unknown> | null;
  readonly override?: { overrideId: string; tier: string; reasonCode: string; expiresAt: string; since: Date } | null;
  /** Set once the customer was merged away or erased; the document then holds no tier. */
  readonly withdrawn?: { reason: 'merged' | 'erased'; mergedInto: string | null; at: Date };
  readonly lastEvent: { id: string; type: string; position: string };
}

/**
 * The tier served (the override's while it lasts), the computed tier with its explanation, and how
 * far the score is from the next tier up and from a downgrade warning (threshold minus the gap).
 */
export function tierView(document: TierDocument, policy: TierPolicy | null) {
  const explanation = document.explanation;
  const thresholds = explanation?.thresholds ?? [];
  const rank = thresholds.findIndex(({ tier }) => tier === document.computedTier);
  const above = rank > 0 ? thresholds[rank - 1] : undefined;
  const own = rank >= 0 && rank < thresholds.length - 1 ? thresholds[rank] : undefined;
  const gap = policy?.downgrade.hysteresisGap ?? 0;
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return {
    customerId: document.customerId,
    tier: document.override?.tier ?? document.computedTier ?? null,
    computedTier: document.computedTier ?? null,
    since: document.computedSince?.toISOString() ?? null,
    policyVersion: explanation?.policyVersion ?? null,
    explanation: explanation ?? null,
    toNextTier: above && explanation ? { tier: above.tier, scoreNeeded: round(above.minScore - explanation.score) } : null,
    toDowngrade: own && explanation ? { belowScore: round(own.minScore - gap), margin: round(explanation.score - (own.minScore - gap)) } : null,
    pendingDowngrade: document.pendingDowngrade ?? null,
    override: document.override ? { ...document.override, since: document.override.since.toISOString() } : null,
    lastEvent: document.lastEvent,
  };
}
