import { decimalToMinorUnits } from '@ctp/contracts';
import { z } from 'zod';

/** What intake must know about one customer id to judge a new fact about it. */
export interface CustomerState {
  readonly customerId: string;
  readonly registered: boolean;
  readonly erased: boolean;
  /** The integrator that registered it (`source.system`), which alone may merge it (besides admin). */
  readonly sourceSystem?: string;
  /** Set once this id was merged away: its facts belong to the survivor from then on. */
  readonly mergedInto: string | null;
  readonly mergedFrom: readonly string[];
  /** Orders recorded on this stream, and refunds recorded on it (possibly of a merged-away id's order). */
  readonly orders: ReadonlyMap<string, Order>;
  readonly refundedMinor: ReadonlyMap<string, number>;
  /** Revision of the stream's last event; -1 when it has none. */
  readonly revision: number;
  readonly eventIds: ReadonlySet<string>;
}

/** The customers a judgement or read has loaded, by id. */
export type States = Map<string, CustomerState>;

export interface Order {
  readonly currency: string;
  readonly paidMinor: number;
}

export interface Fact {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

const mergedAwayIdsSchema = z.array(z.string());

/** The ids a fact merges away: a CustomersMerged's mergedAwayIds (checked against the contract before), none for any other fact. */
export function mergedAwayIdsOf(fact: { readonly type: string; readonly data: Record<string, unknown> }): string[] {
  return fact.type === 'CustomersMerged' ? mergedAwayIdsSchema.parse(fact.data.mergedAwayIds) : [];
}

export function emptyState(customerId: string): CustomerState {
  return { customerId, registered: false, erased: false, mergedInto: null, mergedFrom: [], orders: new Map(), refundedMinor: new Map(), revision: -1, eventIds: new Set() };
}


/** Applies one fact (recorded or about to be) to the state of its stream. */
export function evolve(state: CustomerState, fact: Fact): CustomerState {
  const next = { ...state, revision: state.revision + 1, eventIds: new Set(state.eventIds).add(fact.id) };
  const data = fact.data;
  switch (fact.type) {
    case 'CustomerRegistered': {
      const source = data.source as { system?: unknown } | undefined;
      return { ...next, registered: true, ...(typeof source?.system === 'string' ? { sourceSystem: source.system } : {}) };
    }
    case 'CustomerErasureRequested':
      return { ...next, erased: true };
    case 'CustomersMerged':
      return { ...next, mergedFrom: [...state.mergedFrom, ...mergedAwayIdsOf(fact)] };
    case 'CustomerMergedInto':
      return { ...next, mergedInto: String(data.survivorId) };
    case 'PurchaseRecorded': {
      const currency = String(data.currency);
      const order = { currency, paidMinor: decimalToMinorUnits(String(data.amount), currency) };
      return { ...next, orders: new Map(state.orders).set(String(data.orderId), order) };
    }
    case 'PurchaseRefunded': {
      const orderId = String(data.orderId);
      const refunded = (state.refundedMinor.get(orderId) ?? 0) + decimalToMinorUnits(String(data.amount), String(data.currency));
      return { ...next, refundedMinor: new Map(state.refundedMinor).set(orderId, refunded) };
    }
    default:
      return next;
  }
}

export function foldFacts(customerId: string, facts: readonly Fact[]): CustomerState {
  return facts.reduce(evolve, emptyState(customerId));
}
