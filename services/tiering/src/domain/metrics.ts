import { decimalToMinorUnits, type RecordedDomainEvent } from '@ctp/contracts';
import type { IsoDate } from '@ctp/calendar';

export interface Purchase {
  readonly orderId: string;
  readonly at: number;
  readonly amountMinor: number;
  readonly marginMinor: number | null;
  readonly currency: string;
}

export interface Refund {
  readonly refundId: string;
  readonly orderId: string;
  readonly at: number;
  readonly amountMinor: number;
  readonly currency: string;
}

export interface Interaction {
  readonly interactionId: string;
  readonly at: number;
}

/** The compact facts tiering keeps per customer; times are epoch milliseconds of occurredAt. */
export interface CustomerHistory {
  readonly customerId: string;
  readonly customerSince: IsoDate | null;
  readonly registeredAt: number | null;
  readonly purchases: readonly Purchase[];
  readonly refunds: readonly Refund[];
  readonly interactions: readonly Interaction[];
  readonly mergedInto: string | null;
  readonly mergedFrom: readonly string[];
  /** When the customer asked to be forgotten: no longer part of the tier base from then on. */
  readonly erasedAt: number | null;
}

export function emptyHistory(customerId: string): CustomerHistory {
  return {
    customerId,
    customerSince: null,
    registeredAt: null,
    purchases: [],
    refunds: [],
    interactions: [],
    mergedInto: null,
    mergedFrom: [],
    erasedAt: null,
  };
}

/**
 * Folds one customer fact into the history; other event types leave it as it was. Idempotent: a fact
 * about an order, refund or interaction already kept replaces it rather than counting twice.
 */
export function foldFact(history: CustomerHistory, event: RecordedDomainEvent): CustomerHistory {
  const at = Date.parse(event.occurredAt);
  switch (event.type) {
    case 'CustomerRegistered':
      return { ...history, customerSince: event.data.customerSince, registeredAt: history.registeredAt ?? at };
    case 'PurchaseRecorded': {
      const { orderId, amount, margin, currency } = event.data;
      const purchase: Purchase = {
        orderId,
        at,
        amountMinor: decimalToMinorUnits(amount, currency),
        marginMinor: margin === undefined ? null : decimalToMinorUnits(margin, currency),
        currency,
      };
      return { ...history, purchases: [...history.purchases.filter((kept) => kept.orderId !== orderId), purchase] };
    }
    case 'PurchaseRefunded': {
      const { refundId, orderId, amount, currency } = event.data;
      const refund: Refund = { refundId, orderId, at, amountMinor: decimalToMinorUnits(amount, currency), currency };
      return { ...history, refunds: [...history.refunds.filter((kept) => kept.refundId !== refundId), refund] };
    }
    case 'InteractionRecorded': {
      const { interactionId } = event.data;
      const interactions = history.interactions.filter((kept) => kept.interactionId !== interactionId);
      return { ...history, interactions: [...interactions, { interactionId, at }] };
    }
    case 'CustomersMerged':
      return { ...history, mergedFrom: union(history.mergedFrom, event.data.mergedAwayIds) };
    case 'CustomerMergedInto':
      return { ...history, mergedInto: event.data.survivorId };
    case 'CustomerErasureRequested':
      return { ...history, erasedAt: history.erasedAt ?? at };
    default:
      return history;
  }
}

/** A merge: the survivor's history gains every fact of the merged-away customer's. */
export function absorb(survivor: CustomerHistory, mergedAway: CustomerHistory): CustomerHistory {
  const since = [survivor.customerSince, mergedAway.customerSince].filter((date) => date !== null).sort()[0] ?? null;
  const registered = [survivor.registeredAt, mergedAway.registeredAt].filter((at) => at !== null);
  return {
    ...survivor,
    customerSince: since,
    registeredAt: registered.length > 0 ? Math.min(...registered) : null,
    purchases: unionBy(survivor.purchases, mergedAway.purchases, ({ orderId }) => orderId),
    refunds: unionBy(survivor.refunds, mergedAway.refunds, ({ refundId }) => refundId),
    interactions: unionBy(survivor.interactions, mergedAway.interactions, ({ interactionId }) => interactionId),
    mergedFrom: union(survivor.mergedFrom, [mergedAway.customerId, ...mergedAway.mergedFrom]),
  };
}

function union(kept: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...kept, ...added])];
}

function unionBy<T>(kept: readonly T[], added: readonly T[], key: (item: T) => string): T[] {
  const keys = new Set(kept.map(key));
  return [...kept, ...added.filter((item) => !keys.has(key(item)))];
}
