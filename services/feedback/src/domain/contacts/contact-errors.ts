export const contactErrorCodes = ['obligation_not_found', 'obligation_cancelled', 'obligation_fulfilled', 'outcome_not_for_kind', 'channel_not_for_kind', 'visit_report_needs_text', 'plan_ended'] as const;
export type ContactErrorCode = (typeof contactErrorCodes)[number];

/** A command the contact plan refuses, with the rule's stable code. */
export class ContactError extends Error {
  override readonly name = 'ContactError';

  constructor(
    readonly code: ContactErrorCode,
    message: string,
  ) {
    super(message);
  }
}
