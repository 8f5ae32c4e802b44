import { parseExchangeRates } from '@ctp/contracts';
import fc from 'fast-check';
import { emptyState, evolve, type States } from '../rules/customer-state.js';
import type { RuleSettings } from '../rules/fact-rules.js';
import { planBatch, type IncomingFact, type Judgement, type PlannedFact } from '../rules/plan-batch.js';

export const settings: RuleSettings = { consentPurposes: new Set(['service', 'marketing', 'survey', 'analytics']), rates: parseExchangeRates('CNY', 'USD=7.1') };

const customer = fc.constantFrom('C-1', 'C-2', 'C-3');
const orderId = fc.constantFrom('SO-1', 'SO-2', 'SO-3');
const currency = fc.constantFrom('CNY', 'CNY', 'CNY', 'CNY', 'USD', 'EUR');
const customerOrder = fc.constantFrom('SO-1', 'SO-2');
const amount = fc.integer({ min: 1, max: 50_000 }).map((cents) => (cents / 100).toFixed(2));
const occurredAt = '2026-03-01T10:00:00+08:00';

type Draft = Omit<IncomingFact, 'index' | 'id' | 'occurredAt'>;

const registration = (customerId: string): Draft => ({ type: 'CustomerRegistered', customerId, data: { customerId, kind: 'person', name: 'Li Wei', customerSince: '2024-01-01', source: { system: 'erp', externalId: `ERP-${customerId}` }, serviceConsent: { method: 'web_form', reference: 'form-1', noticeVersion: '2025-01' } } });

/** One fact about a customer, its data complete as the contract wants it. */
const draft: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 1, arbitrary: customer.map((customerId) => registration(customerId)) },
  { weight: 4, arbitrary: fc.tuple(customer, orderId, amount, currency).map(([customerId, order, paid, money]) => ({ type: 'PurchaseRecorded', customerId, data: { customerId, orderId: order, amount: paid, currency: money, channel: 'store' } })) },
  { weight: 3, arbitrary: fc.tuple(customer, customerOrder, fc.integer({ min: 1, max: 5_000 }).map((cents) => (cents / 100).toFixed(2)), currency, fc.integer({ min: 1, max: 99 })).map(([customerId, order, refunded, money, n]) => ({ type: 'PurchaseRefunded', customerId, data: { customerId, orderId: order, refundId: `RF-${n}`, amount: refunded, currency: money } })) },
  { weight: 1, arbitrary: fc.tuple(customer, fc.uniqueArray(customer, { minLength: 1, maxLength: 2 })).map(([survivorId, away]) => ({ type: 'CustomersMerged', customerId: survivorId, data: { survivorId, mergedAwayIds: away, matchedOn: ['email'] } })) },
  { weight: 1, arbitrary: customer.map((customerId) => ({ type: 'CustomerErasureRequested', customerId, data: { customerId, requestId: 'ER-1', requestedVia: 'email' } })) },
);

/** A batch: fresh facts with ids unique across the history, and repeats (same id and content) of earlier ones. */
function batchOf(drafts: readonly (Draft | number)[], first: number, earlier: readonly IncomingFact[]): IncomingFact[] {
  const batch: IncomingFact[] = [];
  drafts.forEach((item, index) => {
    const pool = [...earlier, ...batch];
    if (typeof item === 'number' && pool.length > 0) batch.push({ ...pool[item % pool.length]!, index });
    else if (typeof item !== 'number') batch.push({ ...item, index, occurredAt, id: `00000000-0000-4000-8000-${String(first + index).padStart(12, '0')}` });
  });
  return batch.map((fact, index) => ({ ...fact, index }));
}

const firstOrder = (customerId: string): Draft => ({ type: 'PurchaseRecorded', customerId, data: { customerId, orderId: 'SO-1', amount: '100.00', currency: 'CNY', channel: 'store' } });
const drafts = fc.array(fc.oneof({ weight: 5, arbitrary: draft }, { weight: 1, arbitrary: fc.nat(50) }), { minLength: 1, maxLength: 4 });

/** Up to eight small batches sent one after the other to intake, most histories opening with the customers' registrations and a first order each. */
export const batches = fc
  .tuple(fc.boolean(), fc.array(drafts, { minLength: 1, maxLength: 8 }))
  .map(([registerFirst, drafted]) => (registerFirst ? [['C-1', 'C-2', 'C-3'].flatMap((id) => [registration(id), firstOrder(id)]), ...drafted] : drafted))
  .map((drafted) => {
    const sent: IncomingFact[][] = [];
    drafted.forEach((batch, n) => sent.push(batchOf(batch, n * 100, sent.flat())));
    return sent;
  });

/** The states after appending an accepted judgement's fresh facts, and the facts each stream holds. */
export function applied(states: States, judgement: Judgement, streams: Map<string, PlannedFact[]>): States {
  if (!judgement.ok) return states;
  const next: States = new Map(states);
  for (const plan of judgement.streams) {
    for (const fact of plan.fresh) {
      next.set(plan.customerId, evolve(next.get(plan.customerId) ?? emptyState(plan.customerId), fact));
      streams.set(plan.customerId, [...(streams.get(plan.customerId) ?? []), fact]);
    }
  }
  return next;
}

/** Every batch judged against the states the batches before it left (nothing loaded is a customer never seen). */
export function judgeAll(sent: readonly IncomingFact[][]) {
  let states: States = new Map(['C-1', 'C-2', 'C-3'].map((id) => [id, emptyState(id)]));
  const streams = new Map<string, PlannedFact[]>();
  const judged = sent.map((batch) => {
    const before = states;
    const judgement = planBatch(batch, before, settings);
    states = applied(before, judgement, streams);
    return { batch, before, judgement, after: states };
  });
  return { judged, states, streams };
}
