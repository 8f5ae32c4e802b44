import { randomBytes, randomUUID } from 'node:crypto';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { mergeGroup, recordMerge, type MergeLinks } from '@ctp/identity';
import { generateHistory, type Fact } from '@ctp/synthetic-data';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { appendHistory } from '../facts/append-history.js';
import { honourErasures } from './honour-erasures.js';

const generated = [...generateHistory({ seed: 'honour-erasures', customers: 200, from: '2025-01-01', to: '2026-01-01', duplicateShare: 0.2, erasureRate: 0.05 })];
const survivor = generated.find((fact) => fact.type === 'CustomersMerged')!.customerId;
/** The generated history, and at its end an erasure of a customer others were merged into. */
const facts: Fact[] = [
  ...generated.filter((fact) => fact.customerId !== survivor || fact.type !== 'CustomerErasureRequested'),
  { id: randomUUID(), type: 'CustomerErasureRequested', customerId: survivor, occurredAt: '2026-01-02T10:00:00+08:00', data: { requestId: 'ER-1', requestedVia: 'email' } },
];

/** Whose keys the erasures in `facts` destroy: each erased customer and every id merged into it. */
function toErase(): string[] {
  const merges = new Map<string, MergeLinks>();
  for (const fact of facts) if (fact.type === 'CustomersMerged') recordMerge(merges, fact.customerId, fact.data.mergedAwayIds);
  return [...new Set(facts.flatMap((fact) => (fact.type === 'CustomerErasureRequested' ? mergeGroup(merges, fact.customerId) : [])))];
}

describe('honouring erasure requests from the stored events', () => {
  let stores: ProtectedStores;
  afterAll(async () => {
    await stores?.close();
  });

  it('destroys the keys of a request stored without its erasure (a crash after the append), merged-away ids included', async () => {
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema: uniqueName('honour_erasures'), masterKey: randomBytes(32).toString('base64') });
    await appendHistory({ store: stores.store, erase: async () => undefined }, facts, { context: { actor: { kind: 'api-key', id: 'test', role: 'integrator' }, correlationId: 'honour-erasures', traceparent: null } });
    const erased = toErase();
    expect(erased.length).toBeGreaterThan(facts.filter((fact) => fact.type === 'CustomerErasureRequested').length);
    const keys = async () => [...(await stores.keyring.keysForCustomers(erased)).values()].map((key) => (key === 'destroyed' ? key : 'kept'));
    expect(new Set(await keys())).toEqual(new Set(['kept']));

    const events = await stores.reader.readAll({ after: null, limit: 100_000 });
    await honourErasures({ reader: stores.reader, erase: (customerId) => stores.keyring.destroyKey(customerId) }, events);
    expect(await keys()).toEqual(erased.map(() => 'destroyed'));
    await honourErasures({ reader: stores.reader, erase: (customerId) => stores.keyring.destroyKey(customerId) }, events);
    expect(await keys()).toEqual(erased.map(() => 'destroyed'));
  });
});
