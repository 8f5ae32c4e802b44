import type { TierEvent } from '@ctp/contracts';
import type { TierDirection, TierMovementDocument } from '../tier-projection.js';
import { tierEvents } from './tier-events.js';

/**
 * A small tier history, business time zone Asia/Shanghai (UTC+8), as the projection stores it:
 * - C-1: assigned silver 10 Jan, upgraded to gold 15 Feb.
 * - C-2: assigned gold 20 Jan, overridden to key_account 1 Feb, its computed tier downgraded to
 *   silver under the override 20 Feb (no movement in force), the override expired 5 Mar (key_account -> silver).
 * - C-3: assigned bronze 2026-02-28T17:00Z, which is 1 Mar 01:00 in Shanghai (a March movement), withdrawn 10 Mar.
 * - C-4: only an override, no computed decision: no tier in force, no movement.
 */
export function tierHistory(): TierMovementDocument[] {
  let position = 0;
  const document = (customerId: string, at: string, direction: TierDirection, rule: string | null, event: TierEvent): TierMovementDocument => {
    position += 1;
    return { _id: `E-${position}`, customerId, at: new Date(at), position: String(position), direction, rule, event, trace: [{ position: String(position), type: event.type }] };
  };
  const [c1, c2, c3, c4] = ['C-1', 'C-2', 'C-3', 'C-4'].map(tierEvents) as [ReturnType<typeof tierEvents>, ReturnType<typeof tierEvents>, ReturnType<typeof tierEvents>, ReturnType<typeof tierEvents>];
  return [
    document('C-1', '2026-01-10T02:00:00Z', 'assigned', 'initial_assignment', c1.assigned('silver')),
    document('C-1', '2026-02-15T02:00:00Z', 'upgrade', 'upgrade_immediate', c1.changed('silver', 'gold', 'upgrade')),
    document('C-2', '2026-01-20T02:00:00Z', 'assigned', 'initial_assignment', c2.assigned('gold')),
    document('C-2', '2026-02-01T02:00:00Z', 'override', 'key_account_contract', c2.overridden('key_account', 'gold')),
    document('C-2', '2026-02-20T02:00:00Z', 'downgrade', 'downgrade_confirmed', c2.changed('gold', 'silver', 'downgrade')),
    document('C-2', '2026-03-05T02:00:00Z', 'override_expired', null, c2.overrideExpired('key_account', 'silver')),
    document('C-3', '2026-02-28T17:00:00Z', 'assigned', 'initial_assignment', c3.assigned('bronze')),
    document('C-3', '2026-03-10T02:00:00Z', 'withdrawn', 'erased', c3.withdrawn('bronze')),
    document('C-4', '2026-01-05T02:00:00Z', 'override', 'key_account_contract', c4.overridden('key_account', null)),
  ];
}
