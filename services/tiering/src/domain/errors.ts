import { RuleViolation } from '@ctp/contracts';

/** Stable codes of the tiering domain's refusals; the HTTP layer maps them to problem responses. */
export const tieringErrorCodes = [
  'policy_not_calibrated',
  'no_active_base',
  'override_tier_unknown',
  'override_tier_not_allowed',
  'override_reason_not_allowed',
  'override_expiry_not_in_future',
  'override_too_long',
  'customer_withdrawn',
  'no_dedicated_manager',
  'manager_not_on_roster',
  'same_manager',
] as const;
export type TieringErrorCode = (typeof tieringErrorCodes)[number];

export class TieringError extends RuleViolation<TieringErrorCode> {
  override readonly name = 'TieringError';
}
