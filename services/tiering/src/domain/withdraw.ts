import type { TierEvent } from '@ctp/contracts';
import type { TierCommand, Withdrawal, WithdrawTier } from './commands.js';
import { TieringError } from './errors.js';
import type { CustomerHistory } from './metrics.js';
import { effectiveTier, type TierState } from './state.js';

/** Judged on the id's own stream: merged away (its facts count for the survivor), else erased, else it stands. */
export function withdrawalOf(own: CustomerHistory): Withdrawal | null {
  if (own.mergedInto !== null) return { reason: 'merged', mergedInto: own.mergedInto };
  if (own.erasedAt !== null) return { reason: 'erased', mergedInto: null };
  return null;
}

/** The tier served until now leaves the base; a customer never tiered nor overridden has nothing to withdraw. */
export function withdrawTier(command: WithdrawTier, state: TierState): TierEvent[] {
  if (state.status === 'unassigned' && state.override === null) return [];
  const { customerId, reason, mergedInto } = command;
  return [{ type: 'TierWithdrawn', data: { customerId, tier: effectiveTier(state), reason, mergedInto } }];
}

/** A withdrawn customer is decided on no more: late facts and timers change nothing, an override is refused. */
export function decideWithdrawn(command: TierCommand, state: Extract<TierState, { status: 'withdrawn' }>): TierEvent[] {
  if (command.kind !== 'override') return [];
  const why = state.reason === 'merged' ? `was merged into ${state.mergedInto}` : 'was erased';
  throw new TieringError('customer_withdrawn', `customer ${command.customerId} ${why}; its tier was withdrawn`);
}
