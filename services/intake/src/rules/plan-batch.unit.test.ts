import { parseExchangeRates } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { foldFacts, type Fact, type States } from './customer-state.js';
import { planBatch, type IncomingFact } from './plan-batch.js';

const settings = { consentPurposes: new Set(['service', 'marketing', 'survey', 'analytics']), rates: parseExchangeRates('CNY', 'USD=7.1') };
let sequence = 0;
const id = () => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

const registered = (customerId: string): Fact => ({ id: id(), type: 'CustomerRegistered', data: { customerId } });
const purchased = (customerId: string, orderId: string, amount: string, currency = 'CNY'): Fact => ({ id: id(), type: 'PurchaseRecorded', data: { customerId, orderId, amount, currency } });
const given = (histories: Record<string, Fact[]>): States => new Map(Object.entries(histories).map(([customerId, facts]) => [customerId, foldFacts(customerId, facts)]));

const incoming = (facts: Omit<IncomingFact, 'index' | 'id' | 'occurredAt'>[]): IncomingFact[] =>
  facts.map((fact, index) => ({ index, id: id(), occurredAt: '2026-03-01T10:00:00+08:00', ...fact }));

const rulesOf = (judgement: ReturnType<typeof planBatch>) => (judgement.ok ? [] : judgement.violations.map((v) => [v.index, v.path, v.rule]));

describe('planBatch: the business rules of a batch', () => {
  it('refuses facts about a customer that is not registered', () => {
    const judgement = planBatch(incoming([{ type: 'InteractionRecorded', customerId: 'C-9', data: { channel: 'phone' } }]), given({ 'C-9': [] }), settings);
    expect(rulesOf(judgement)).toEqual([[0, 'body.events[0].customerId', 'unknown_customer']]);
  });

  it('accepts facts about a customer registered earlier in the same batch', () => {
    const judgement = planBatch(
      incoming([
        { type: 'CustomerRegistered', customerId: 'C-1', data: {} },
        { type: 'PurchaseRecorded', customerId: 'C-1', data: { orderId: 'SO-1', amount: '10.00', currency: 'CNY' } },
      ]),
      given({ 'C-1': [] }),
      settings,
    );
    expect(judgement.ok && judgement.streams.map((plan) => [plan.customerId, plan.expectedRevision, plan.fresh.length])).toEqual([['C-1', -1, 2]]);
  });

  it('refuses a second registration of the same id', () => {
    expect(rulesOf(planBatch(incoming([{ type: 'CustomerRegistered', customerId: 'C-1', data: {} }]), given({ 'C-1': [registered('C-1')] }), settings))).toEqual([
      [0, 'body.events[0].customerId', 'already_registered'],
    ]);
  });

  it('refuses refunds of unknown orders, in another currency, or beyond what is left of the order', () => {
    const states = given({ 'C-1': [registered('C-1'), purchased('C-1', 'SO-1', '100.00')] });
    const refund = (orderId: string, amount: string, currency = 'CNY') => ({ type: 'PurchaseRefunded', customerId: 'C-1', data: { orderId, refundId: id(), amount, currency } });
    const judgement = planBatch(incoming([refund('SO-404', '1.00'), refund('SO-1', '1.00', 'USD'), refund('SO-1', '60.00'), refund('SO-1', '40.01')]), states, settings);
    expect(rulesOf(judgement)).toEqual([
      [0, 'body.events[0].data.orderId', 'unknown_order'],
      [1, 'body.events[1].data.currency', 'refund_currency_mismatch'],
      [3, 'body.events[3].data.amount', 'refund_exceeds_purchase'],
    ]);
  });

  it('refuses a currency without a configured rate, a repeated order id and an unknown consent purpose', () => {
    const states = given({ 'C-1': [registered('C-1'), purchased('C-1', 'SO-1', '1.00')] });
    const judgement = planBatch(
      incoming([
        { type: 'PurchaseRecorded', customerId: 'C-1', data: { orderId: 'SO-2', amount: '1.00', currency: 'GBP' } },
        { type: 'PurchaseRecorded', customerId: 'C-1', data: { orderId: 'SO-1', amount: '1.00', currency: 'CNY' } },
        { type: 'ConsentGranted', customerId: 'C-1', data: { purpose: 'telepathy' } },
        { type: 'PurchaseRecorded', customerId: 'C-1', data: { orderId: 'SO-3', amount: '1.00', currency: 'USD' } },
      ]),
      states,
      settings,
    );
    expect(rulesOf(judgement)).toEqual([
      [0, 'body.events[0].data.currency', 'unsupported_currency'],
      [1, 'body.events[1].data.orderId', 'order_already_recorded'],
      [2, 'body.events[2].data.purpose', 'unknown_consent_purpose'],
    ]);
  });

  it('refuses a merge into itself, of an unknown id and of an id merged before', () => {
    const states = given({ 'C-1': [registered('C-1')], 'C-2': [registered('C-2'), { id: id(), type: 'CustomerMergedInto', data: { survivorId: 'C-3' } }], 'C-4': [] });
    const judgement = planBatch(incoming([{ type: 'CustomersMerged', customerId: 'C-1', data: { mergedAwayIds: ['C-1', 'C-2', 'C-4'], matchedOn: ['email'] } }]), states, settings);
    expect(rulesOf(judgement)).toEqual([
      [0, 'body.events[0].data.mergedAwayIds[0]', 'merge_into_itself'],
      [0, 'body.events[0].data.mergedAwayIds[1]', 'already_merged'],
      [0, 'body.events[0].data.mergedAwayIds[2]', 'unknown_customer'],
    ]);
  });

  it('marks each merged-away stream and moves later facts for a merged-away id to the survivor', () => {
    const states = given({ 'C-1': [registered('C-1')], 'C-2': [registered('C-2'), purchased('C-2', 'SO-7', '50.00')] });
    const judgement = planBatch(
      incoming([
        { type: 'CustomersMerged', customerId: 'C-1', data: { mergedAwayIds: ['C-2'], matchedOn: ['phone'] } },
        { type: 'PurchaseRefunded', customerId: 'C-2', data: { orderId: 'SO-7', refundId: 'R-1', amount: '50.00', currency: 'CNY' } },
        { type: 'PurchaseRefunded', customerId: 'C-2', data: { orderId: 'SO-7', refundId: 'R-2', amount: '0.01', currency: 'CNY' } },
      ]),
      states,
      settings,
    );
    expect(rulesOf(judgement)).toEqual([[2, 'body.events[2].data.amount', 'refund_exceeds_purchase']]);
    const accepted = planBatch(incoming([{ type: 'CustomersMerged', customerId: 'C-1', data: { mergedAwayIds: ['C-2'], matchedOn: ['phone'] } }, { type: 'InteractionRecorded', customerId: 'C-2', data: {} }]), states, settings);
    if (!accepted.ok) throw new Error('expected the batch to pass');
    const byStream = Object.fromEntries(accepted.streams.map((plan) => [plan.customerId, plan.fresh.map((fact) => [fact.type, fact.data.customerId ?? fact.data.survivorId])]));
    expect(byStream).toEqual({
      'C-1': [['CustomersMerged', 'C-1'], ['InteractionRecorded', 'C-1']],
      'C-2': [['CustomerMergedInto', 'C-2']],
    });
  });

  it('refuses facts about an erased customer, but not a repeated erasure request', () => {
    const states = given({ 'C-1': [registered('C-1'), { id: id(), type: 'CustomerErasureRequested', data: {} }] });
    const judgement = planBatch(incoming([{ type: 'InteractionRecorded', customerId: 'C-1', data: {} }, { type: 'CustomerErasureRequested', customerId: 'C-1', data: {} }]), states, settings);
    expect(rulesOf(judgement)).toEqual([[0, 'body.events[0].customerId', 'customer_erased']]);
  });

  it('passes ids the stream already holds on as repeats, without judging them again', () => {
    const registration = registered('C-1');
    const [fact] = incoming([{ type: 'CustomerRegistered', customerId: 'C-1', data: {} }]);
    const judgement = planBatch([{ ...fact!, id: registration.id }], given({ 'C-1': [registration] }), settings);
    expect(judgement.ok && judgement.streams.map((plan) => [plan.repeats.length, plan.fresh.length])).toEqual([[1, 0]]);
  });

  it('finds a fact sent again on the stream it went to, even after that stream was merged on in turn', () => {
    const refund: Fact = { id: id(), type: 'PurchaseRefunded', data: { customerId: 'C-1', orderId: 'SO-1', refundId: 'R-1', amount: '1.00', currency: 'CNY' } };
    const mergedInto = (survivorId: string): Fact => ({ id: id(), type: 'CustomerMergedInto', data: { survivorId } });
    const states = given({
      'C-1': [registered('C-1'), purchased('C-1', 'SO-1', '5.00'), refund, mergedInto('C-3')],
      'C-2': [registered('C-2'), mergedInto('C-1')],
      'C-3': [registered('C-3'), purchased('C-3', 'SO-1', '5.00')],
    });
    const [again] = incoming([{ type: 'PurchaseRefunded', customerId: 'C-2', data: refund.data }]);
    const judgement = planBatch([{ ...again!, id: refund.id }], states, settings);
    expect(judgement.ok && judgement.streams.map((plan) => [plan.customerId, plan.repeats.length, plan.fresh.length])).toEqual([['C-1', 1, 0]]);
  });
});
