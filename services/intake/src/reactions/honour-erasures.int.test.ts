import { randomBytes, randomUUID } from 'node:crypto';
import { streamIdFor } from '@ctp/contracts';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { mergeGroup, recordMerge, type MergeLinks } from '@ctp/identity';
import { generateHistory, type Fact } from '@ctp/synthetic-data';
import { postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
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
const requests = facts.filter((fact) => fact.type === 'CustomerErasureRequested');

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

  it('destroys the keys of a request stored without its erasure (a crash after the append), merged-away ids included, and proves each request once', async () => {
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema: uniqueName('honour_erasures'), masterKey: randomBytes(32).toString('base64') });
    await appendHistory({ store: stores.store, erase: async () => undefined }, facts, { context: { actor: { kind: 'api-key', id: 'test', role: 'integrator' }, correlationId: 'honour-erasures', traceparent: null } });
    const erased = toErase();
    expect(erased.length).toBeGreaterThan(facts.filter((fact) => fact.type === 'CustomerErasureRequested').length);
    const keys = async () => [...(await stores.keyring.keysForCustomers(erased)).values()].map((key) => (key === 'destroyed' ? key : 'kept'));
    expect(new Set(await keys())).toEqual(new Set(['kept']));

    const events = await wholeFeed(stores.reader);
    const erasures = { reader: stores.reader, store: stores.store, erase: (customerId: string) => stores.keyring.destroyKey(customerId), clock: () => new Date('2026-01-02T03:00:00Z') };
    await honourErasures(erasures, events);
    expect(await keys()).toEqual(erased.map(() => 'destroyed'));
    const proofs = async () => (await Promise.all(requests.map(({ customerId }) => stores.reader.readStream(streamIdFor('audit', customerId))))).flat().filter(({ type }) => type === 'CustomerErased');
    const proven = await proofs();
    expect(proven).toHaveLength(requests.length);
    const survivorRequest = events.find((event) => event.type === 'CustomerErasureRequested' && event.streamId === streamIdFor('customer', survivor))!;
    expect(proven.find(({ streamId }) => streamId === streamIdFor('audit', survivor))).toMatchObject({
      causationId: survivorRequest.id,
      actor: { kind: 'service', id: 'intake' },
      data: { customerId: survivor, requestId: 'ER-1', requestEventId: survivorRequest.id, requestPosition: survivorRequest.globalPosition, keysDestroyed: expect.arrayContaining([survivor]) },
    });
    expect(new Set(proven.flatMap(({ data }) => (data as { keysDestroyed: string[] }).keysDestroyed))).toEqual(new Set(erased));
    // Each destroyed key by id: the id every stored token of that customer names.
    for (const { data } of proven) {
      const { keysDestroyed, destroyedKeys } = data as { keysDestroyed: string[]; destroyedKeys: { customerId: string; keyId: string }[] };
      expect(destroyedKeys.map(({ customerId }) => customerId)).toEqual(keysDestroyed);
      for (const { customerId, keyId } of destroyedKeys) {
        const named = JSON.stringify(await stores.reader.readStream(streamIdFor('customer', customerId))).match(/enc:v1:[0-9a-f-]{36}/g) ?? [];
        expect(new Set(named), customerId).toEqual(new Set([`enc:v1:${keyId}`]));
      }
    }

    // Delivered again (a restart before the offsets were committed): nothing more destroyed, no second proof.
    await honourErasures({ ...erasures, clock: () => new Date('2026-01-02T04:00:00Z') }, events);
    expect(await keys()).toEqual(erased.map(() => 'destroyed'));
    expect((await proofs()).map(({ id }) => id)).toEqual(proven.map(({ id }) => id));
  });
});
