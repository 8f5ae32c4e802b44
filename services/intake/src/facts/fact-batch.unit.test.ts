import { describe, expect, it } from 'vitest';
import { dataIssuesOfRawBatch, factBatchSchema, validateFacts, type Fact } from './fact-batch.js';

const purchase = (data: Record<string, unknown>): Fact => ({
  id: '6f1f0c4e-3f36-4c8e-9d2a-7b7f4d0f2a11',
  type: 'PurchaseRecorded',
  customerId: 'C-1',
  occurredAt: '2026-03-01T10:00:00+08:00',
  data,
});

describe('validateFacts', () => {
  it('fills the subject from customerId and accepts a valid fact', () => {
    const { valid, issues } = validateFacts([purchase({ orderId: 'SO-1', amount: '10.50', currency: 'CNY', channel: 'online' })]);
    expect(issues).toEqual([]);
    expect(valid[0]?.data).toMatchObject({ customerId: 'C-1', amount: '10.50' });
  });

  it('names every problem with the index and field path, across facts', () => {
    const { valid, issues } = validateFacts([
      purchase({ orderId: 'SO-1', amount: 10.5, currency: 'CNY', channel: 'online' }),
      purchase({ orderId: 'SO-2', amount: '1.00', currency: 'CNY', channel: 'online', customerId: 'C-9' }),
      purchase({ amount: '1.00', currency: 'yuan', channel: 'online' }),
    ]);
    expect(valid).toEqual([]);
    expect(issues.map((issue) => [issue.index, issue.path])).toEqual([
      [0, 'body.events[0].data.amount'],
      [1, 'body.events[1].data.customerId'],
      [2, 'body.events[2].data.orderId'],
      [2, 'body.events[2].data.currency'],
    ]);
  });

  it('names an amount with more decimals than its currency has minor units', () => {
    const { valid, issues } = validateFacts([
      purchase({ orderId: 'SO-1', amount: '1.234', currency: 'CNY', channel: 'online' }),
      purchase({ orderId: 'SO-2', amount: '1500', currency: 'JPY', channel: 'online' }),
    ]);
    expect(valid.map(({ data }) => data.orderId)).toEqual(['SO-2']);
    expect(issues.map((issue) => [issue.index, issue.path])).toEqual([[0, 'body.events[0].data.amount']]);
  });

  it('bounds a batch to 1..500 facts and requires an offset on occurredAt', () => {
    expect(factBatchSchema.safeParse({ events: [] }).success).toBe(false);
    expect(factBatchSchema.safeParse({ events: Array.from({ length: 501 }, () => purchase({})) }).success).toBe(false);
    const local = factBatchSchema.safeParse({ events: [{ ...purchase({}), occurredAt: '2026-03-01T10:00:00' }] });
    expect(local.success).toBe(false);
  });
});

describe('dataIssuesOfRawBatch', () => {
  it("checks the data of every fact whose envelope still names a known type, whatever else is wrong with its envelope", () => {
    const body = {
      events: [
        { ...purchase({ orderId: 'SO-1', amount: 10.5, currency: 'CNY', channel: 'online' }), occurredAt: 'yesterday' },
        { ...purchase({ orderId: 'SO-2', amount: '1.00', currency: 'CNY', channel: 'online' }), id: 'not-a-uuid' },
        { ...purchase({}), type: 'NoSuchFact' },
        'not an object',
      ],
    };
    expect(dataIssuesOfRawBatch(body).map((issue) => [issue.index, issue.path])).toEqual([[0, 'body.events[0].data.amount']]);
    expect(dataIssuesOfRawBatch({ events: 'none' })).toEqual([]);
    expect(dataIssuesOfRawBatch(null)).toEqual([]);
  });
});
