/** Why a complaint, remedy or improvement command is refused: a stable rule code the API answers in errors[].rule. */
export const refusalCodes = [
  'complaint_not_found',
  'unknown_cause',
  'remedy_not_found',
  'remedy_exists',
  'remedy_not_pending',
  'order_not_found',
  'currency_not_accepted',
  'action_not_found',
  'action_exists',
  'transition_not_allowed',
] as const;

export type RefusalCode = (typeof refusalCodes)[number];

export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}
