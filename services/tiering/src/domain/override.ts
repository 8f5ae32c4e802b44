import type { TierEvent } from '@ctp/contracts';
import { DAY_MS } from '@ctp/calendar';
import type { ExpireOverride, OverrideTier } from './commands.js';
import { TieringError } from './errors.js';
import type { TierState } from './state.js';

/** A manual tier within the policy's override rules; repeating the same overrideId changes nothing. */
export function overrideTier(command: OverrideTier, state: TierState): TierEvent[] {
  const { customerId, overrideId, tier, reasonCode, reason, actor, expiresAt, now, policy } = command;
  const rules = policy.override;
  if (!policy.tiers.some((candidate) => candidate.tier === tier)) {
    throw new TieringError('override_tier_unknown', `${tier} is not a tier of policy ${policy.policyId} v${policy.policyVersion}`);
  }
  if (rules.allowedTiers !== 'any' && !rules.allowedTiers.includes(tier)) {
    throw new TieringError('override_tier_not_allowed', `the policy allows overrides to ${rules.allowedTiers.join(', ')} only`);
  }
  if (!rules.reasonCodes.includes(reasonCode)) {
    throw new TieringError('override_reason_not_allowed', `the policy accepts reason codes ${rules.reasonCodes.join(', ')} only`);
  }
  const lasts = Date.parse(expiresAt) - now.getTime();
  if (!(lasts > 0)) throw new TieringError('override_expiry_not_in_future', `expiresAt ${expiresAt} is not in the future`);
  if (lasts > rules.maxDays * DAY_MS) {
    throw new TieringError('override_too_long', `an override may last at most ${rules.maxDays} days`);
  }
  if (state.override?.overrideId === overrideId) return [];
  const computedTier = state.status === 'assigned' ? state.computedTier : null;
  const data = { customerId, overrideId, tier, computedTier, reasonCode, reason, overriddenBy: actor, expiresAt };
  return [{ type: 'TierOverridden', data }];
}

/** The computed tier applies again; an override already replaced, expired or not yet due is left alone. */
export function expireOverride({ customerId, overrideId, now }: ExpireOverride, state: TierState): TierEvent[] {
  const { override } = state;
  if (override?.overrideId !== overrideId || now.getTime() < Date.parse(override.expiresAt)) return [];
  const revertedTo = state.status === 'assigned' ? state.computedTier : null;
  return [{ type: 'TierOverrideExpired', data: { customerId, overrideId, tier: override.tier, revertedTo } }];
}
