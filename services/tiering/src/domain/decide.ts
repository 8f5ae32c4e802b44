import type { TierEvent } from '@ctp/contracts';
import { assess, explanationOf, type Assessment } from './assessment.js';
import type { TierCommand } from './commands.js';
import { reviewDowngrade } from './downgrade.js';
import { expireOverride, overrideTier } from './override.js';
import { tierRank } from './score.js';
import type { TierState } from './state.js';
import { decideWithdrawn, withdrawTier } from './withdraw.js';

/** The events a command leads to on one customer's tier stream; none when nothing changes. */
export function decide(command: TierCommand, state: TierState): TierEvent[] {
  if (state.status === 'withdrawn') return decideWithdrawn(command, state);
  switch (command.kind) {
    case 'reassess':
      return assignOrUpgrade(assess(command.customerId, command.policy, command.values, command.snapshotDate), state) ?? [];
    case 'review': {
      const assessment = assess(command.customerId, command.policy, command.values, command.reviewDate);
      const moved = assignOrUpgrade(assessment, state);
      if (moved || state.status === 'unassigned') return moved ?? [];
      return reviewDowngrade(assessment, state);
    }
    case 'override':
      return overrideTier(command, state);
    case 'expire_override':
      return expireOverride(command, state);
    case 'withdraw':
      return withdrawTier(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`unknown tier command ${JSON.stringify(unexpected)}`);
    }
  }
}

/** A first tier, or a higher one, applies at once. A tier the policy no longer defines ranks below all. */
function assignOrUpgrade(assessment: Assessment, state: Exclude<TierState, { status: 'withdrawn' }>): TierEvent[] | null {
  const { customerId, policy, scored } = assessment;
  if (state.status === 'unassigned') {
    const data = { customerId, tier: scored.tier, rule: 'initial_assignment' as const, ...explanationOf(assessment) };
    return [{ type: 'TierAssigned', data }];
  }
  if (tierRank(scored.tier, policy) >= tierRank(state.computedTier, policy)) return null;
  const data = {
    customerId,
    from: state.computedTier,
    to: scored.tier,
    direction: 'upgrade' as const,
    rule: 'upgrade_immediate' as const,
    ...explanationOf(assessment),
  };
  return [{ type: 'TierChanged', data }];
}
