import { RuleViolation } from '@ctp/contracts';

/** Stable codes of the sla domain's refusals; the HTTP layer maps them to problem responses (422). */
export const slaErrorCodes = [
  'customer_unknown',
  'case_not_found',
  'case_already_opened',
  'case_merged',
  'case_closed',
  'transition_not_allowed',
  'time_before_case_opened',
  'merge_into_itself',
  'no_matching_sla_rule',
  'sla_calendar_unknown',
  'calendar_effective_in_past',
  'calendar_effective_out_of_order',
  'calendar_without_working_time',
] as const;
export type SlaErrorCode = (typeof slaErrorCodes)[number];

export class SlaError extends RuleViolation<SlaErrorCode> {
  override readonly name = 'SlaError';
}
