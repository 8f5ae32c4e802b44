import type { Period } from '../metrics/period.js';
import type { Buyer, Purchase } from './buyers.js';
import { cohortOf } from './cohorts.js';
import { retentionStates, within, type Interval } from './retention-states.js';

export const customerStates = ['start', 'end', 'new', 'lost', 'repeat', 'single'] as const;
export type CustomerState = (typeof customerStates)[number];

export interface CustomerSelection {
  readonly state?: CustomerState | undefined;
  /** The span of a retention state, or the repeat-purchase window. */
  readonly interval: Interval | null;
  readonly activeDays: number;
  readonly cohort?: string | undefined;
  readonly purchasedIn?: Period | null;
  readonly timeZone: string;
}

export interface SelectedCustomer {
  readonly id: string;
  readonly buyer: Buyer;
  /** The purchases that put the customer in the selection. */
  readonly decidedBy: readonly Purchase[];
}

/** The customers behind a figure: in a state over an interval and / or of a cohort, with the purchases that decided it. */
export function selectCustomers(buyers: readonly Buyer[], selection: CustomerSelection): SelectedCustomer[] {
  return buyers.flatMap((buyer) => {
    const decided: Purchase[] = [];
    if (selection.cohort !== undefined) {
      if (cohortOf(buyer, selection.timeZone) !== selection.cohort) return [];
      decided.push(buyer.purchases[0]!);
    }
    if (selection.purchasedIn) {
      const inMonth = within(buyer.purchases, selection.purchasedIn);
      if (inMonth.length === 0) return [];
      decided.push(...inMonth);
    }
    if (selection.state !== undefined && selection.interval !== null) {
      const byState = decidedByState(buyer, selection.state, selection.interval, selection.activeDays);
      if (byState === null) return [];
      decided.push(...byState);
    }
    const unique = [...new Map(decided.map((purchase) => [purchase.orderId, purchase])).values()].sort((a, b) => a.at - b.at);
    return [{ id: buyer.id, buyer, decidedBy: unique }];
  });
}

function decidedByState(buyer: Buyer, state: CustomerState, interval: Interval, activeDays: number): readonly Purchase[] | null {
  if (state === 'repeat' || state === 'single') {
    const bought = within(buyer.purchases, interval);
    return (state === 'repeat' ? bought.length >= 2 : bought.length === 1) ? bought : null;
  }
  return retentionStates(buyer.purchases, interval, activeDays)[state];
}
