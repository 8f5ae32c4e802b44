import type { DomainEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { appendStreams, type StreamEvents } from './reads-fill.js';

const ranks = ['key_account', 'gold', 'silver', 'standard'];
const thresholds = ranks.map((tier, rank) => ({ tier, minScore: [0.8, 0.6, 0.4, 0][rank]! }));
const explanation = (score: number, snapshotDate: string) => ({
  score,
  components: [
    { component: 'monetary' as const, value: '5234.50', normalised: 0.6, weight: 0.5 },
    { component: 'frequency' as const, value: '7', normalised: 0.5, weight: 0.3 },
    { component: 'recency' as const, value: '40', normalised: 0.3, weight: 0.2 },
  ],
  thresholds, currency: 'CNY', snapshotDate, policyId: 'default', policyVersion: 1,
});

/**
 * Customer `customerId`'s tier stream: assigned `tier` on 1 November 2025, or for one customer in 5 the tier
 * below it then upgraded on 1 May 2026; one in 10 warned of a downgrade on 1 November 2026.
 */
export function tierStream(index: number, customerId: string, tier: string): StreamEvents {
  const rank = ranks.indexOf(tier);
  const first = index % 5 === 1 ? ranks[Math.min(rank + 1, ranks.length - 1)]! : tier;
  const events: { event: DomainEvent; at: string }[] = [
    { at: '2025-11-01T00:00:00.000Z', event: { type: 'TierAssigned', data: { customerId, tier: first, rule: 'initial_assignment', ...explanation(thresholds[ranks.indexOf(first)]!.minScore, '2025-11-01') } } },
  ];
  if (first !== tier) events.push({ at: '2026-05-01T00:00:00.000Z', event: { type: 'TierChanged', data: { customerId, from: first, to: tier, direction: 'upgrade', rule: 'upgrade_immediate', ...explanation(thresholds[rank]!.minScore, '2026-05-01') } } });
  if (index % 10 === 0 && tier !== 'standard') {
    const projectedTier = ranks[rank + 1]!;
    const data = {
      customerId, tier, projectedTier, score: thresholds[rank]!.minScore - 0.05, keepScore: thresholds[rank]!.minScore, reviewsBelow: 1, reviewsToConfirm: 2,
      snapshotDate: '2026-11-01', confirmOn: '2026-12-01', needed: [{ component: 'monetary' as const, current: '5234.50', target: '6100.00' }], policyId: 'default', policyVersion: 1,
    };
    events.push({ at: '2026-11-01T00:00:00.000Z', event: { type: 'TierDowngradeWarned', data } });
  }
  return { category: 'tier', id: customerId, events };
}

/** Every customer's tier stream into tiering's store; answers the last position appended. */
export async function fillTierStreams(store: EventStore, customers: number, idOf: (index: number) => string, tierOf: (index: number) => string | null): Promise<string> {
  const streams = Array.from({ length: customers }, (_, i) => i + 1).flatMap((index) => {
    const tier = tierOf(index);
    return tier ? [tierStream(index, idOf(index), tier)] : [];
  });
  const recorded = await appendStreams(store, streams);
  return recorded.at(-1)!.globalPosition;
}
