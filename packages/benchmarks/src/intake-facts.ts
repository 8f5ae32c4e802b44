import { recordMerge, survivorOf, type MergeLinks } from '@ctp/identity';
import { generateHistory, type Fact } from '@ctp/synthetic-data';

/** The synthetic history's window: fixed, so every run sends the same facts. */
const history = { from: '2024-01-01', to: '2026-01-01' } as const;

/**
 * The first `total` facts of a seeded synthetic history (time order, so every customer is
 * registered before anything else is said about it). About 13 facts per customer over the two
 * years, so a tenth of `total` customers gives a prefix of roughly 18 months: registrations,
 * consents, purchases, refunds, interactions, profile changes, merges and erasures mixed as in
 * a live feed. `factsAfterMerge` stays off: no fact names a merged-away id after its merge, and
 * none follows an erasure request.
 */
export function intakeFacts(total: number, seed: string): Fact[] {
  const facts: Fact[] = [];
  for (const fact of generateHistory({ seed, customers: Math.max(10, Math.ceil(total / 10)), ...history, factsAfterMerge: false })) {
    facts.push(fact);
    if (facts.length === total) return facts;
  }
  throw new Error(`the synthetic history of seed ${seed} has only ${facts.length} facts, ${total} wanted`);
}

/**
 * Splits the facts over `clients` senders so that each sends its share in the original order
 * and everything about one person goes through one sender: a customer and the duplicates merged
 * into it form one group, and groups are dealt out round-robin by first appearance. A sender
 * waits for each batch's answer before the next, so a registration (or a merged-away id's
 * registration) is always stored before any later fact that depends on it, whatever the
 * concurrency, as intake's rules require.
 */
export function partitionByCustomer(facts: readonly Fact[], clients: number): Fact[][] {
  const links = new Map<string, MergeLinks>();
  for (const fact of facts) if (fact.type === 'CustomersMerged') recordMerge(links, fact.customerId, fact.data.mergedAwayIds);
  const senderOf = new Map<string, number>();
  const shares: Fact[][] = Array.from({ length: clients }, () => []);
  for (const fact of facts) {
    const group = survivorOf(links, fact.customerId);
    if (!senderOf.has(group)) senderOf.set(group, senderOf.size % clients);
    shares[senderOf.get(group)!]!.push(fact);
  }
  return shares;
}

/** Checks what intake will require of the data: registered first, nothing after a merge-away or an erasure. */
export function checkOrder(facts: readonly Fact[]): void {
  const registered = new Set<string>();
  const closed = new Map<string, string>();
  for (const [index, fact] of facts.entries()) {
    const fail = (why: string) => {
      throw new Error(`synthetic fact ${index} (${fact.type} for ${fact.customerId}) ${why}`);
    };
    if (closed.has(fact.customerId)) fail(`comes after ${closed.get(fact.customerId)}`);
    if (fact.type === 'CustomerRegistered') {
      if (registered.has(fact.customerId)) fail('registers it twice');
      registered.add(fact.customerId);
      continue;
    }
    if (!registered.has(fact.customerId)) fail('comes before its registration');
    if (fact.type === 'CustomersMerged') {
      for (const id of fact.data.mergedAwayIds) {
        if (!registered.has(id)) fail(`merges ${id}, which is not registered`);
        closed.set(id, 'its merge');
      }
    }
    if (fact.type === 'CustomerErasureRequested') closed.set(fact.customerId, 'its erasure request');
  }
}
