import { afterAll, describe, expect, it } from 'vitest';
import { EventFactory } from '../test-support/event-factory.js';
import { freshDatabase } from '../test-support/mongo.js';
import { purchaseTotals } from '../test-support/purchase-totals.js';
import { projectedDocuments, projectEvents } from './project-events.js';

describe('projecting events without Kafka', () => {
  const opened: Awaited<ReturnType<typeof freshDatabase>>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((database) => database.close()));
  });
  const fresh = async () => {
    const database = await freshDatabase('project_events');
    opened.push(database);
    return database.db;
  };

  it('writes the documents the runtime would, without its guard fields, and a redelivery changes nothing', async () => {
    const db = await fresh();
    const events = new EventFactory();
    const batch = [events.purchase('C-1', '12.34'), events.purchase('C-1', '1.00', 'store'), events.refund('C-2', '5.00')];
    await projectEvents(db, purchaseTotals, batch);
    const documents = await projectedDocuments(db, purchaseTotals);
    expect(documents.totals).toMatchObject([
      { _id: 'C-1', purchases: 2, amountMinor: 1334, refunds: 0, channels: ['online', 'store'] },
      { _id: 'C-2', purchases: 0, refunds: 1, refundedMinor: 500 },
    ]);
    expect(documents.totals.every((document) => !('_position' in document))).toBe(true);
    await projectEvents(db, purchaseTotals, batch);
    expect(await projectedDocuments(db, purchaseTotals)).toEqual(documents);
  });

  it('refuses a second projection that would write a collection another owns in the same database', async () => {
    const db = await fresh();
    const events = new EventFactory();
    await projectEvents(db, purchaseTotals, [events.purchase('C-1', '1.00')]);
    const impostor = { ...purchaseTotals, name: 'other-totals' };
    await expect(projectEvents(db, impostor, [events.purchase('C-2', '2.00')])).rejects.toThrow('projection other-totals would write totals_v1, which projection purchase-totals owns in this database');
    expect((await projectedDocuments(db, purchaseTotals)).totals.map(({ _id }) => _id)).toEqual(['C-1']);
  });

  it('throws an event it cannot handle instead of parking it', async () => {
    const db = await fresh();
    const events = new EventFactory();
    const purchase = events.purchase('C-1', '1.00');
    const poison = { ...purchase, data: { ...(purchase.data as object), amount: 'one yuan' } };
    await expect(projectEvents(db, purchaseTotals, [poison])).rejects.toThrow(/could not apply PurchaseRecorded .* \(handler_failed\)/);
    expect((await projectedDocuments(db, purchaseTotals)).totals).toEqual([]);
  });
});
