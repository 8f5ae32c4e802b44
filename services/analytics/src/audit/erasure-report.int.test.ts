import { randomBytes, randomUUID } from 'node:crypto';
import { buildEvent, streamIdFor, type DomainEvent, type EventToAppend } from '@ctp/contracts';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../service-levels/test-support/case-events.js';
import { tierEvents } from '../tiers/test-support/tier-events.js';
import { openAuditStore, type AuditStore } from './audit-store.js';
import { erasureRoutes } from './erasure-routes.js';
import { AuditSealer } from './sealer.js';
import { parseSigningKey } from './signing-key.js';
import { customerHistory } from './test-support/audit-fixture.js';

const suffix = () => randomUUID().slice(0, 6);
const [erasedId, awayId, otherId] = [`C-E${suffix()}`, `C-M${suffix()}`, `C-O${suffix()}`];
const [erasedCase, otherCase] = [`K-E${suffix()}`, `K-O${suffix()}`];

const appended = (streamId: string, occurredAt: string, ...events: DomainEvent[]): EventToAppend[] =>
  events.map((event) => buildEvent(event.type, event.data, { id: randomUUID(), streamId, occurredAt, correlationId: 'erasure-report-test', causationId: null, actor: { kind: 'service', id: 'test' }, traceparent: null }));

/** Every string in stored data that is a token of one of the keys, by event id and path: found by walking the JSON, not by the registry. */
function tokensUnder(events: readonly { id: string; data: unknown }[], keyIds: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (eventId: string, value: unknown, path: string[]) => {
    if (typeof value === 'string' && keyIds.some((keyId) => value.startsWith(`enc:v1:${keyId}:`))) found.push(`${eventId} ${path.join('.')}`);
    else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(eventId, inner, [...path, key]);
  };
  for (const event of events) walk(event.id, event.data, []);
  return found.sort();
}

interface Report {
  completeUpTo: string;
  sealedUpTo: string;
  erasures: { keyIdsFrom: string; destroyedKeys: { customerId: string; keyId: string }[]; streams: { streamId: string; events: number; fields: number }[]; unreadable: { eventId: string; streamId: string; customerId: string; keyId: string; fields: string[] }[] }[];
}

describe('the erasure report lists exactly the personal fields sealed under the destroyed keys, in every service', () => {
  const schema = uniqueName('erasure_report');
  let stores: ProtectedStores;
  let audit: AuditStore;
  let app: FastifyInstance;
  let keyIds: string[];
  const append = (streamId: string, events: EventToAppend[]) => stores.store.append(streamId, events, { expectedRevision: 'any' });

  beforeAll(async () => {
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
    audit = await openAuditStore(postgresUrl(), `${schema}_audit`);
    // intake: the erased customer, an id merged into it, and a bystander; sla and tiering: their cases and an override.
    for (const id of [erasedId, awayId, otherId]) await append(streamIdFor('customer', id), customerHistory(id, 2));
    const merge = appended(`customer-${erasedId}`, '2026-03-01T02:00:00Z', { type: 'CustomersMerged', data: { survivorId: erasedId, mergedAwayIds: [awayId], matchedOn: ['email'] } });
    await append(streamIdFor('customer', erasedId), merge);
    await append(streamIdFor('customer', awayId), appended(`customer-${awayId}`, '2026-03-01T02:00:00Z', { type: 'CustomerMergedInto', data: { customerId: awayId, survivorId: erasedId, mergeEventId: merge[0]!.id } }));
    const erasedCaseEvents = caseEvents(erasedCase, { customerId: erasedId });
    await append(streamIdFor('case', erasedCase), appended(`case-${erasedCase}`, '2026-03-02T02:00:00Z', erasedCaseEvents.opened('2026-03-02T02:00:00Z'), erasedCaseEvents.replied('2026-03-02T02:05:00Z')));
    await append(streamIdFor('case', otherCase), appended(`case-${otherCase}`, '2026-03-02T02:00:00Z', caseEvents(otherCase, { customerId: otherId }).opened('2026-03-02T02:00:00Z')));
    await append(streamIdFor('tier', erasedId), appended(`tier-${erasedId}`, '2026-03-03T02:00:00Z', tierEvents(erasedId).overridden('key', 'gold')));
    // Sealed up to here; the note below and everything after it are only in the feed.
    const sealer = new AuditSealer({ events: stores.reader, audit, key: parseSigningKey(randomBytes(32).toString('base64')), clock: () => new Date(), checkpointEvery: 100, checkpointIntervalMs: 60_000 });
    await sealer.seal(await wholeFeed(stores.reader));
    await append(streamIdFor('case', erasedCase), appended(`case-${erasedCase}`, '2026-03-04T02:00:00Z', erasedCaseEvents.noted('2026-03-04T02:00:00Z')));

    keyIds = [await stores.keyring.destroyKey(erasedId), await stores.keyring.destroyKey(awayId)];
    const proof = { customerId: erasedId, requestEventId: randomUUID(), requestPosition: '1', requestedAt: '2026-03-05T02:00:00Z', keysDestroyed: [erasedId, awayId] };
    await append(streamIdFor('audit', erasedId), [
      ...appended(`audit-${erasedId}`, '2026-03-05T03:00:00Z', { type: 'CustomerErased', data: { ...proof, requestId: 'ER-1', destroyedKeys: [{ customerId: erasedId, keyId: keyIds[0]! }, { customerId: awayId, keyId: keyIds[1]! }] } }),
      // A proof stored before proofs named their keys.
      ...appended(`audit-${erasedId}`, '2026-03-05T04:00:00Z', { type: 'CustomerErased', data: { ...proof, requestId: 'ER-2' } }),
    ]);
    // After the erasure: stored erased, never sealed under the destroyed key, so not in the list.
    await append(streamIdFor('case', erasedCase), appended(`case-${erasedCase}`, '2026-03-06T02:00:00Z', erasedCaseEvents.noted('2026-03-06T02:00:00Z')));
    app = await testApp({ routes: erasureRoutes({ events: stores.reader, audit, sealer: null, clock: () => new Date() }) });
  });
  afterAll(async () => {
    await app?.close();
    await audit?.close();
    await stores?.close();
  });

  it('lists every field, sealed or not yet sealed, stored under the keys the proof names, and nothing else', async () => {
    const response = await app.inject({ url: `/v1/audit/customers/${erasedId}/erasure`, headers: bearer('auditor') });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<Report>();
    const stored = await wholeFeed(stores.reader);
    expect(report.completeUpTo).toBe(stored.at(-1)!.globalPosition);
    expect(BigInt(report.sealedUpTo)).toBeLessThan(BigInt(report.completeUpTo));

    const expected = tokensUnder(stored, keyIds);
    expect(expected.length).toBeGreaterThan(10);
    const [named, legacy] = report.erasures;
    expect(named!.keyIdsFrom).toBe('proof');
    expect(named!.unreadable.flatMap(({ eventId, fields }) => fields.map((field) => `${eventId} ${field}`)).sort()).toEqual(expected);
    expect(named!.streams.map(({ streamId }) => streamId).sort()).toEqual([`case-${erasedCase}`, `customer-${awayId}`, `customer-${erasedId}`, `tier-${erasedId}`].sort());
    expect(new Set(named!.unreadable.map(({ customerId, keyId }) => `${customerId} ${keyId}`))).toEqual(new Set([`${erasedId} ${keyIds[0]}`, `${awayId} ${keyIds[1]}`]));
    // The note sealed after the sealer's last run is listed; the bystander's fields are not.
    expect(named!.unreadable.filter(({ streamId }) => streamId === `case-${erasedCase}`).length).toBe(3);
    expect(JSON.stringify(report)).not.toContain(otherId);

    expect(legacy!.keyIdsFrom).toBe('tokens');
    expect(legacy!.destroyedKeys).toEqual(expect.arrayContaining(named!.destroyedKeys));
    expect(legacy!.unreadable).toEqual(named!.unreadable);
  });

  it('answers 404 for a customer no erasure proof names', async () => {
    const response = await app.inject({ url: `/v1/audit/customers/${otherId}/erasure`, headers: bearer('auditor') });
    expect(response.statusCode).toBe(404);
  });
});
