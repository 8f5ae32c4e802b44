import type { RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { customerEvents } from '../retention/test-support/customer-events.js';
import { customerLedgerProjection } from './ledger-projection.js';
import { stream } from './test-support/customer-360-events.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('analytics_customer_ledger'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, customerLedgerProjection, events),
    documents: () => projectedDocuments(db, customerLedgerProjection),
  });
}

describe('the customer ledger read model', () => {
  afterAll(async () => {
    await client.close();
  });

  it("keeps a customer's kind and each purchase and refund with amount and currency; no personal field, other customer events write nothing", async () => {
    const c1 = customerEvents('C-1');
    await spec()
      .given(
        ...stream('customer-C-1', [
          [c1.registered('2020-06-01'), '2025-01-10T02:00:00Z'],
          [c1.purchased('O-1', '100.00'), '2025-03-01T02:00:00Z'],
          [c1.refunded('O-1'), '2025-03-02T02:00:00Z'],
          [c1.interacted(), '2025-03-03T02:00:00Z'],
          [c1.erasureRequested(), '2025-03-04T02:00:00Z'],
        ], 1),
        ...stream('customer-C-2', [[customerEvents('C-2').interacted(), '2025-03-03T02:00:00Z']], 9),
      )
      .then({
        customerLedgers: [
          {
            _id: 'C-1',
            kind: 'person',
            purchases: [{ orderId: 'O-1', at: new Date('2025-03-01T02:00:00Z'), amount: '100.00', currency: 'CNY', position: '2' }],
            refunds: [{ orderId: 'O-1', refundId: 'R-O-1', at: new Date('2025-03-02T02:00:00Z'), amount: '10.00', currency: 'CNY', position: '3' }],
            trace: [{ position: '1', type: 'CustomerRegistered' }, { position: '2', type: 'PurchaseRecorded' }, { position: '3', type: 'PurchaseRefunded' }],
          },
        ],
      });
  });
});
