import type { RecordedEventOf } from '@ctp/contracts';

export type MovementDirection = 'assigned' | 'upgrade' | 'downgrade' | 'withdrawn';

/** An assignment, a change or a withdrawal of one customer's tier, with the details its event gives. */
export interface Movement {
  readonly customerId: string;
  readonly at: Date;
  readonly from: string | null;
  readonly to: string | null;
  readonly direction: MovementDirection;
  readonly [detail: string]: unknown;
}

/** The movement one tier event is, if any: a function of that event alone. */
export function movementOf(event: RecordedEventOf<'tier'>): Movement | null {
  const at = new Date(event.occurredAt);
  if (event.type === 'TierAssigned') return { customerId: event.data.customerId, at, from: null, to: event.data.tier, direction: 'assigned', rule: event.data.rule, score: event.data.score, policyVersion: event.data.policyVersion };
  if (event.type === 'TierChanged') return { customerId: event.data.customerId, at, from: event.data.from, to: event.data.to, direction: event.data.direction, rule: event.data.rule, score: event.data.score, policyVersion: event.data.policyVersion };
  if (event.type === 'TierWithdrawn') return { customerId: event.data.customerId, at, from: event.data.tier, to: null, direction: 'withdrawn', reason: event.data.reason, mergedInto: event.data.mergedInto };
  return null;
}
