import { randomBytes, randomUUID } from 'node:crypto';
import { openProtectedStores, type EventStore, type ProtectedStores } from '@ctp/event-store';
import { appendHistory } from '@ctp/intake/append-history';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistories, loadHistory } from './customer-history.js';

const context = { actor: { kind: 'api-key', id: 'test', role: 'integrator' }, correlationId: 'history-test', traceparent: null } as const;
const registration = (customerId: string) => ({ id: randomUUID(), type: 'CustomerRegistered' as const, customerId, occurredAt: '2026-01-05T02:00:00Z', data: { kind: 'person', name: 'Lin Yue', customerSince: '2026-01-05', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: { method: 'app', reference: 'opt-in', noticeVersion: '1' } } });
const purchase = (customerId: string, orderId: string) => ({ id: randomUUID(), type: 'PurchaseRecorded' as const, customerId, occurredAt: '2026-01-10T02:00:00Z', data: { orderId, amount: '120.00', margin: '30.00', currency: 'CNY', channel: 'online' } });
const merge = (survivor: string, away: string[]) => ({ id: randomUUID(), type: 'CustomersMerged' as const, customerId: survivor, occurredAt: '2026-02-01T02:00:00Z', data: { mergedAwayIds: away, matchedOn: ['phone'] } });

/** The store, counting the calls that read streams. */
function counted(store: EventStore) {
  const calls: string[][] = [];
  const reader = Object.create(store) as EventStore;
  reader.readStreams = (ids) => (calls.push([...ids]), store.readStreams(ids));
  reader.readStream = (id, options) => (calls.push([id]), store.readStream(id, options));
  return { reader, calls };
}

describe('customer histories read together, on a real store', () => {
  let stores: ProtectedStores;

  beforeAll(async () => {
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema: uniqueName('customer_histories'), masterKey: randomBytes(32).toString('base64') });
    // B into A, then A into Z: a chain two merges deep. C stands alone; N was never registered.
    const facts = [registration('Z'), registration('A'), registration('B'), registration('C'), purchase('A', 'SO-A'), purchase('B', 'SO-B'), purchase('Z', 'SO-Z'), purchase('C', 'SO-C'), merge('A', ['B']), merge('Z', ['A'])];
    await appendHistory({ store: stores.store, erase: async () => undefined }, facts, { context });
  });
  afterAll(async () => {
    await stores?.close();
  });

  it('gives each customer what loadHistory gives it alone, reading each round of streams in one call', async () => {
    const ids = ['Z', 'A', 'B', 'C', 'N'];
    const { reader, calls } = counted(stores.reader);
    const together = await loadHistories(reader, ids);
    // The five named, then what was merged into them and not read yet: none (A and B were named).
    expect(calls).toEqual([ids.map((id) => `customer-${id}`)]);
    for (const id of ids) expect(together.get(id), id).toEqual(await loadHistory(stores.reader, id));
    expect([...together].map(([id, history]) => [id, history?.purchases.map(({ orderId }) => orderId).sort() ?? null])).toEqual([
      ['Z', ['SO-A', 'SO-B', 'SO-Z']],
      ['A', null],
      ['B', null],
      ['C', ['SO-C']],
      ['N', null],
    ]);
  });

  it('reads what was merged into a survivor in a second round, a level of the chain per round', async () => {
    const { reader, calls } = counted(stores.reader);
    await loadHistories(reader, ['Z', 'C']);
    expect(calls).toEqual([['customer-Z', 'customer-C'], ['customer-A'], ['customer-B']]);
  });
});
