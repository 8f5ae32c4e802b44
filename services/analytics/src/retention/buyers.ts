import type { TraceEvent } from '../metrics/drill.js';
import type { CustomerDocument } from './customer-projection.js';

export interface Purchase {
  readonly orderId: string;
  readonly at: number;
  readonly amount: string;
  /** The customer stream it was recorded on: the survivor's or a merged-away id's. */
  readonly recordedFor: string;
  readonly refunded: boolean;
  readonly trace: TraceEvent;
}

/** A customer as the figures count them: a survivor (or never merged) with every purchase of its merge group, oldest first. */
export interface Buyer {
  readonly id: string;
  readonly purchases: readonly Purchase[];
  readonly mergedFrom: readonly string[];
  readonly erased: boolean;
}

/**
 * Intake moves facts sent for a merged-away id to its survivor from the merge on, but leaves the
 * purchases recorded before it on the merged-away stream. So a merged-away customer is not counted
 * itself: its purchases count for the survivor at the end of its merges (one person, one first
 * purchase), an order id counted once.
 */
export function buyersOf(documents: readonly CustomerDocument[]): Buyer[] {
  const byId = new Map(documents.map((document) => [document._id, document]));
  const groups = new Map<string, CustomerDocument[]>();
  for (const document of documents) {
    const survivor = survivorOf(byId, document._id);
    const members = groups.get(survivor) ?? [];
    members.push(document);
    groups.set(survivor, members);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, members]) => buyer(id, members));
}

function buyer(id: string, members: readonly CustomerDocument[]): Buyer {
  const refunded = new Set(members.flatMap(({ refunds }) => (refunds ?? []).map(({ orderId }) => orderId)));
  const byOrder = new Map<string, Purchase>();
  const recorded = members.flatMap(({ _id, purchases }) =>
    (purchases ?? []).map(({ orderId, at, amount, position }) => ({ orderId, at: at.getTime(), amount, recordedFor: _id, refunded: refunded.has(orderId), trace: { position, type: 'PurchaseRecorded' } })),
  );
  for (const purchase of recorded.sort((a, b) => a.at - b.at)) if (!byOrder.has(purchase.orderId)) byOrder.set(purchase.orderId, purchase);
  return {
    id,
    purchases: [...byOrder.values()],
    mergedFrom: members.filter(({ _id }) => _id !== id).map(({ _id }) => _id).sort(),
    erased: members.some(({ _id, erased }) => _id === id && erased === true),
  };
}

/** The id at the end of a customer's merges (a cycle ends the walk). */
function survivorOf(byId: ReadonlyMap<string, CustomerDocument>, customerId: string): string {
  const seen = new Set<string>();
  let current = customerId;
  for (let next = byId.get(current)?.mergedInto; next !== undefined && !seen.has(next); next = byId.get(current)?.mergedInto) {
    seen.add(current);
    current = next;
  }
  return current;
}
