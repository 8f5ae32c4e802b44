import type { TierEvent } from '@ctp/contracts';
import { tierEvents } from './tier-events.js';

export interface TimedTierEvent {
  readonly customerId: string;
  readonly event: TierEvent;
  readonly at: string;
}

const tiers = ['bronze', 'silver', 'gold'] as const;
const day = 86_400_000;

/**
 * Tier events of `count` customers from January to April 2026, in rounds (each customer's first event, then each
 * one's second, ...) so that customers interleave in the feed: assignments, upgrades, downgrades, overrides (some
 * expiring, one with a change under it), warnings, merges and erasures. Customer 0 is assigned a minute after the
 * end of February in Asia/Shanghai (still 28 Feb in UTC); customer 1's upgrade is stamped before its assignment.
 */
export function tierMonthHistory(count: number): TimedTierEvent[][] {
  const start = Date.parse('2026-01-03T00:00:00Z');
  const customers = Array.from({ length: count }, (_, index) => {
    const customerId = `T-${index}`;
    const c = tierEvents(customerId);
    let at = index === 0 ? Date.parse('2026-02-28T16:01:00Z') : start + ((index * 37) % count) * (day / 3);
    const next = (days: number) => new Date((at += days * day)).toISOString();
    const first = tiers[index % 3]!;
    const events: TimedTierEvent[] = [{ customerId, event: c.assigned(first), at: next(0) }];
    let computed: string = first;
    const change = (to: string, days: number) => {
      if (to === computed) return;
      events.push({ customerId, event: c.changed(computed, to, tiers.indexOf(to as never) > tiers.indexOf(computed as never) ? 'upgrade' : 'downgrade'), at: next(days) });
      computed = to;
    };
    if (index === 1) events.push({ customerId, event: c.changed(first, 'gold', 'upgrade'), at: new Date(at - 20 * day).toISOString() });
    if (index % 3 !== 2 && index % 2 === 0) change(tiers[index % 3 + 1]!, 17);
    if (index % 4 === 3) change('bronze', 23);
    if (index % 6 === 0) events.push({ customerId, event: c.warned(computed, 'bronze'), at: next(3) });
    if (index % 5 === 0) {
      events.push({ customerId, event: c.overridden('key_account', computed), at: next(9) });
      if (index % 10 === 0) change('bronze', 6);
      if (index % 15 === 0) events.push({ customerId, event: c.overrideExpired('key_account', computed), at: next(12) });
    }
    if (index % 11 === 4) events.push({ customerId, event: c.withdrawn(computed, 'merged'), at: next(8) });
    else if (index % 13 === 5) events.push({ customerId, event: c.withdrawn(computed, 'erased'), at: next(5) });
    return events;
  });
  const rounds = Math.max(...customers.map((events) => events.length));
  return Array.from({ length: rounds }, (_, round) => customers.flatMap((events) => events[round] ?? []));
}
