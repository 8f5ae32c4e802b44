import type { RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { recorded } from '../test-support/recorded-events.js';
import { customerProjection } from './customer-projection.js';
import { customerEvents } from './test-support/customer-events.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('analytics_customer_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, customerProjection, events),
    documents: () => projectedDocuments(db, customerProjection),
  });
}

describe('the customer facts read model (retention, churn, targets and the 360 view)', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps per customer stream: registration and kind, purchases and refunds with amount and currency as sent, merges, erasure and the trace; no personal data', async () => {
    const [a, b] = [customerEvents('C-A'), customerEvents('C-B')];
    const documents = await spec()
      .given(
        recorded('customer-C-A', a.registered('2020-05-01'), '2026-01-02T00:00:00Z', 1),
        recorded('customer-C-A', a.purchased('O-1', '99.50'), '2026-01-03T00:00:00Z', 2),
        recorded('customer-C-A', a.interacted(), '2026-01-04T00:00:00Z', 3),
        recorded('customer-C-A', a.refunded('O-1'), '2026-01-05T00:00:00Z', 4),
        recorded('customer-C-B', b.purchased('O-2'), '2026-01-06T00:00:00Z', 5),
        recorded('customer-C-A', a.merged(['C-B']), '2026-02-01T00:00:00Z', 6),
        recorded('customer-C-B', b.mergedInto('C-A'), '2026-02-01T00:00:00Z', 7),
        // Sent for C-B after the merge: intake lands it on the survivor's stream.
        recorded('customer-C-A', b.purchased('O-3'), '2026-02-02T00:00:00Z', 8),
        recorded('customer-C-A', a.erasureRequested(), '2026-03-01T00:00:00Z', 9),
      )
      .then({
        customerFacts: [
          {
            _id: 'C-A', registeredAt: new Date('2026-01-02T00:00:00Z'), customerSince: '2020-05-01', kind: 'person',
            purchases: [
              { orderId: 'O-1', at: new Date('2026-01-03T00:00:00Z'), amount: '99.50', currency: 'CNY', position: '2' },
              { orderId: 'O-3', at: new Date('2026-02-02T00:00:00Z'), amount: '100.00', currency: 'CNY', position: '8' },
            ],
            refunds: [{ orderId: 'O-1', refundId: 'R-O-1', at: new Date('2026-01-05T00:00:00Z'), amount: '10.00', currency: 'CNY', position: '4' }],
            mergedFrom: ['C-B'], erased: true,
            trace: [{ position: '1', type: 'CustomerRegistered' }, { position: '2', type: 'PurchaseRecorded' }, { position: '4', type: 'PurchaseRefunded' }, { position: '6', type: 'CustomersMerged' }, { position: '8', type: 'PurchaseRecorded' }, { position: '9', type: 'CustomerErasureRequested' }],
          },
          { _id: 'C-B', purchases: [{ orderId: 'O-2', amount: '100.00', currency: 'CNY' }], mergedInto: 'C-A', trace: [{ position: '5', type: 'PurchaseRecorded' }, { position: '7', type: 'CustomerMergedInto' }] },
        ],
      });
    expect(JSON.stringify(documents)).not.toMatch(/Li Lei|example\.com|ERP-C-A|broken on arrival|asked about/);
  });
});
