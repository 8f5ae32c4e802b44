import { decimalToMinorUnits, isAccepted, minorUnitsToDecimal, type ExchangeRates } from '@ctp/contracts';
import { mergeGroup } from '@ctp/identity';
import { mergedAwayIdsOf, type CustomerState, type Order, type States } from './customer-state.js';

export const ruleCodes = [
  'unknown_customer',
  'already_registered',
  'customer_erased',
  'merge_into_itself',
  'already_merged',
  'unknown_consent_purpose',
  'unsupported_currency',
  'order_already_recorded',
  'unknown_order',
  'refund_currency_mismatch',
  'refund_exceeds_purchase',
] as const;
export type RuleCode = (typeof ruleCodes)[number];

export interface RuleViolation {
  readonly index: number;
  readonly path: string;
  readonly rule: RuleCode;
  readonly message: string;
}

export interface RuleSettings {
  readonly consentPurposes: ReadonlySet<string>;
  readonly rates: ExchangeRates;
}

export interface CheckedFact {
  readonly index: number;
  readonly type: string;
  readonly customerId: string;
  readonly data: Record<string, unknown>;
}

type Found = [field: string, rule: RuleCode, message: string];

function mergeProblems(fact: CheckedFact, states: States): Found[] {
  const found: Found[] = [];
  mergedAwayIdsOf(fact).forEach((awayId, i) => {
    const away = states.get(awayId);
    const field = `mergedAwayIds[${i}]`;
    if (awayId === fact.customerId) found.push([field, 'merge_into_itself', `${awayId} is the survivor; a customer cannot be merged into itself`]);
    else if (!away?.registered) found.push([field, 'unknown_customer', `customer ${awayId} is not registered`]);
    else if (away.mergedInto) found.push([field, 'already_merged', `customer ${awayId} was already merged into ${away.mergedInto}`]);
    else if (away.erased) found.push([field, 'customer_erased', `customer ${awayId} was erased`]);
  });
  return found;
}

/** Rules about the fact alone, whatever the customer's state. */
function contentProblems(fact: CheckedFact, settings: RuleSettings): Found[] {
  const { currency, purpose } = fact.data;
  if (typeof currency === 'string' && !isAccepted(settings.rates, currency)) {
    return [['currency', 'unsupported_currency', `${currency} is neither the reporting currency ${settings.rates.reporting} nor one with a configured rate`]];
  }
  if (typeof purpose === 'string' && !settings.consentPurposes.has(purpose)) {
    return [['purpose', 'unknown_consent_purpose', `purpose ${purpose} is not one of ${[...settings.consentPurposes].join(', ')}`]];
  }
  return [];
}

interface OrderBalance extends Order {
  readonly refundedMinor: number;
}

/** An order recorded anywhere in the survivor's group, with every refund of it in the group. */
function orderBalance(states: States, survivorId: string, orderId: string): OrderBalance | null {
  const group = mergeGroup(states, survivorId).flatMap((id) => states.get(id) ?? []);
  const order = group.map((state) => state.orders.get(orderId)).find((found) => found !== undefined);
  if (!order) return null;
  const refundedMinor = group.reduce((sum, state) => sum + (state.refundedMinor.get(orderId) ?? 0), 0);
  return { ...order, refundedMinor };
}

function orderProblems(fact: CheckedFact, states: States): Found[] {
  const currency = String(fact.data.currency);
  const orderId = String(fact.data.orderId);
  const order = orderBalance(states, fact.customerId, orderId);
  if (fact.type === 'PurchaseRecorded') {
    return order ? [['orderId', 'order_already_recorded', `order ${orderId} was already recorded for this customer`]] : [];
  }
  if (!order) return [['orderId', 'unknown_order', `no purchase of order ${orderId} is recorded for customer ${fact.customerId}`]];
  if (order.currency !== currency) return [['currency', 'refund_currency_mismatch', `order ${orderId} was paid in ${order.currency}`]];
  const left = order.paidMinor - order.refundedMinor;
  if (decimalToMinorUnits(String(fact.data.amount), currency) > left) {
    return [['amount', 'refund_exceeds_purchase', `at most ${minorUnitsToDecimal(left, currency)} ${currency} of order ${orderId} is left to refund`]];
  }
  return [];
}

function customerProblems(fact: CheckedFact, state: CustomerState | undefined): Found[] {
  if (fact.type === 'CustomerRegistered') {
    return state?.registered || state?.mergedInto ? [['customerId', 'already_registered', `customer ${fact.customerId} is already registered`]] : [];
  }
  if (!state?.registered) return [['customerId', 'unknown_customer', `customer ${fact.customerId} is not registered, neither before nor earlier in this batch`]];
  if (state.erased && fact.type !== 'CustomerErasureRequested') return [['customerId', 'customer_erased', `customer ${fact.customerId} was erased`]];
  return [];
}

/** Every business rule a fact breaks, judged against the states as they stand before it. */
export function checkFact(fact: CheckedFact, states: States, settings: RuleSettings): RuleViolation[] {
  const found = [...customerProblems(fact, states.get(fact.customerId)), ...contentProblems(fact, settings)];
  if (found.length === 0) {
    if (fact.type === 'CustomersMerged') found.push(...mergeProblems(fact, states));
    if (fact.type === 'PurchaseRecorded' || fact.type === 'PurchaseRefunded') found.push(...orderProblems(fact, states));
  }
  return found.map(([field, rule, message]) => ({
    index: fact.index,
    path: field === 'customerId' ? `body.events[${fact.index}].customerId` : `body.events[${fact.index}].data.${field}`,
    rule,
    message,
  }));
}
