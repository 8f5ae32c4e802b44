import type { CustomerState, Order } from './customer-state.js';

export type States = Map<string, CustomerState>;

/** The customer an id's facts belong to now: itself, or the survivor at the end of its merges. */
export function resolveSurvivor(states: States, customerId: string): string {
  const seen = new Set<string>();
  let current = customerId;
  for (let next = states.get(current)?.mergedInto; next && !seen.has(next); next = states.get(current)?.mergedInto) {
    seen.add(current);
    current = next;
  }
  return current;
}

/** The survivor and every id merged into it, directly or through earlier merges. */
export function mergeGroup(states: States, survivorId: string): CustomerState[] {
  const group: CustomerState[] = [];
  const pending = [survivorId];
  const seen = new Set<string>();
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    const state = states.get(id);
    if (!state || seen.has(id)) continue;
    seen.add(id);
    group.push(state);
    pending.push(...state.mergedFrom);
  }
  return group;
}

export interface OrderBalance extends Order {
  readonly refundedMinor: number;
}

/** An order recorded anywhere in the survivor's group, with every refund of it in the group. */
export function orderBalance(states: States, survivorId: string, orderId: string): OrderBalance | null {
  const group = mergeGroup(states, survivorId);
  const order = group.map((state) => state.orders.get(orderId)).find((found) => found !== undefined);
  if (!order) return null;
  const refundedMinor = group.reduce((sum, state) => sum + (state.refundedMinor.get(orderId) ?? 0), 0);
  return { ...order, refundedMinor };
}

/** Ids whose streams a judgement about these ids needs: their survivors and everything merged into those. */
export function missingIds(states: States, customerIds: Iterable<string>): string[] {
  const missing = new Set<string>();
  const visit = (id: string) => {
    const state = states.get(id);
    if (!state) {
      missing.add(id);
      return;
    }
    if (state.mergedInto && !states.has(state.mergedInto)) missing.add(state.mergedInto);
    for (const away of state.mergedFrom) if (!states.has(away)) missing.add(away);
  };
  for (const id of customerIds) visit(id);
  for (const state of states.values()) visit(state.customerId);
  return [...missing];
}
