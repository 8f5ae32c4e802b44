import { randomUUID } from 'node:crypto';
import { buildEvent, type RecordedEvent } from '@ctp/contracts';
import { fileTierMovements } from '@ctp/tiering/movements-bench';
import type { Db } from 'mongodb';

const ranks = ['key_account', 'gold', 'silver', 'standard'];
const thresholds = ranks.map((tier, rank) => ({ tier, minScore: [0.8, 0.6, 0.4, 0][rank]! }));
/** Positions above any the benchmark's store reaches: the service's own follower skips moves at or before a day's or month's position, so it leaves them as filed. */
const firstPosition = 10n ** 12n;
const recordedAt = new Date().toISOString();

/**
 * One assignment per customer, spread over the 24 months to November 2026 (about 150 a day), filed into tiering's
 * movement month and day documents by its tier movement follower's own code (`@ctp/tiering/movements-bench`), in the order a
 * feed of them would be read.
 */
export async function fillMovements(db: Db, customers: number, idOf: (index: number) => string, tierOf: (index: number) => string): Promise<void> {
  const at = (index: number) => Date.UTC(2024, 11 + (index % 24), 1 + (index % 28));
  const indexes = Array.from({ length: customers }, (_, i) => i + 1).sort((a, b) => at(a) - at(b) || a - b);
  const events = indexes.map((index, order): RecordedEvent => {
    const customerId = idOf(index);
    const tier = tierOf(index);
    const data = {
      customerId, tier, rule: 'initial_assignment' as const, score: thresholds[ranks.indexOf(tier)]!.minScore, thresholds, currency: 'CNY', snapshotDate: new Date(at(index)).toISOString().slice(0, 10), policyId: 'default', policyVersion: 1,
      components: [
        { component: 'monetary' as const, value: '5234.50', normalised: 0.6, weight: 0.5 },
        { component: 'frequency' as const, value: '7', normalised: 0.5, weight: 0.3 },
        { component: 'recency' as const, value: '40', normalised: 0.3, weight: 0.2 },
      ],
    };
    const metadata = { id: randomUUID(), streamId: `tier-${customerId}`, occurredAt: new Date(at(index)).toISOString(), correlationId: 'bench-reads', causationId: null, actor: { kind: 'service' as const, id: 'tiering' }, traceparent: null };
    return { ...buildEvent('TierAssigned', data, metadata), revision: 0, globalPosition: String(firstPosition + BigInt(order)), recordedAt };
  });
  await fileTierMovements(db, events);
}
