import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@ctp/event-store';
import { hashApiKey } from '@ctp/service-kit';
import { freePort, isolatedEnvironment, postgresUrl, startService, uniqueName, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fact, newCustomerId, registration } from '../test-support/intake-harness.js';

/** Keys of each kind, written by hand as an operator would: integrators bound to their source system. */
const keys = {
  crm: { role: 'integrator', holder: { kind: 'system', name: 'CRM' }, sourceSystems: ['crm'] },
  erp: { role: 'integrator', holder: { kind: 'system', name: 'ERP' }, sourceSystems: ['erp'] },
  unbound: { role: 'integrator', holder: { kind: 'system', name: 'Unbound importer' } },
  privacy: { role: 'privacy', holder: { kind: 'person', name: 'Privacy Officer' } },
  admin: { role: 'admin', holder: { kind: 'person', name: 'Ops On-call' } },
} as const;
type KeyName = keyof typeof keys;

describe('who may register, erase and merge customers (review findings: any integrator key could)', () => {
  let intake: ServiceProcess;
  let store: EventStore;
  const erasure = (customerId: string) => fact('CustomerErasureRequested', customerId, { requestId: 'ER-1', requestedVia: 'email' });
  const merge = (survivor: string, duplicate: string) => fact('CustomersMerged', survivor, { mergedAwayIds: [duplicate], matchedOn: ['phone'] });
  const fromErp = (customerId: string) => {
    const registered = registration(customerId);
    return { ...registered, data: { ...registered.data, source: { system: 'erp', externalId: `ERP-${customerId}` } } };
  };
  const post = (events: unknown[], key: KeyName) =>
    fetch(`${intake.baseUrl}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer key-${key}` }, body: JSON.stringify({ events }) });
  const typesOn = async (customerId: string) => (await store.readStream(`customer-${customerId}`)).map((event) => event.type);

  beforeAll(async () => {
    const schema = uniqueName('intake_roles');
    const isolated = await isolatedEnvironment(schema);
    const keysFile = join(await mkdtemp(join(tmpdir(), 'ctp-role-keys-')), 'api-keys.json');
    await writeFile(keysFile, JSON.stringify({ keys: Object.entries(keys).map(([name, key]) => ({ id: name, hash: hashApiKey(`key-${name}`), ...key })) }));
    intake = startService('intake', await freePort(), { ...isolated.environment, NODE_ENV: 'production', API_KEYS_FILE: keysFile, DATA_MASTER_KEY_FILE: join(isolated.keysDir, 'master'), DATA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), UNSUBSCRIBE_SECRET: 'fact-roles-test-unsubscribe-secret' });
    await waitUntilReady(intake);
    store = await createEventStore(postgresUrl(), { schema });
  });
  afterAll(async () => {
    await Promise.all([intake?.stop(), store?.close()]);
  });

  it('refuses an erasure from an integrator or admin with 403 naming the fact, and takes it from the privacy role', async () => {
    const customerId = newCustomerId();
    expect((await post([registration(customerId)], 'crm')).status).toBe(202);
    for (const key of ['crm', 'admin'] as const) {
      const refused = await post([erasure(customerId)], key);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'CTP_FORBIDDEN', errors: [{ index: 0, path: 'body.events[0].type', message: expect.stringMatching(/only the privacy role/) }] });
    }
    expect(await typesOn(customerId)).toEqual(['CustomerRegistered']);
    expect((await post([erasure(customerId)], 'privacy')).status).toBe(202);
    expect(await typesOn(customerId)).toEqual(['CustomerRegistered', 'CustomerErasureRequested']);
  });

  it('lets the privacy role send nothing but erasure requests', async () => {
    const refused = await post([registration(newCustomerId())], 'privacy');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ errors: [{ path: 'body.events[0].type', message: 'the privacy role may send only CustomerErasureRequested' }] });
  });

  it("merges only for an integrator bound to every customer's source system, or for admin", async () => {
    const [survivor, duplicate, other] = [newCustomerId(), newCustomerId(), newCustomerId()];
    expect((await post([registration(survivor), registration(duplicate)], 'crm')).status).toBe(202);
    expect((await post([fromErp(other)], 'erp')).status).toBe(202);
    for (const key of ['erp', 'unbound'] as const) {
      const refused = await post([merge(survivor, duplicate)], key);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'CTP_FORBIDDEN', errors: [{ index: 0, message: expect.stringContaining(`may not merge ${survivor}, ${duplicate}`) }] });
    }
    const acrossSystems = await post([merge(survivor, other)], 'crm');
    expect(acrossSystems.status).toBe(403);
    expect(await acrossSystems.json()).toMatchObject({ errors: [{ message: expect.stringContaining(`may not merge ${other}`) }] });
    expect(await typesOn(survivor)).toEqual(['CustomerRegistered']);
    expect((await post([merge(survivor, duplicate)], 'crm')).status).toBe(202);
    expect((await post([merge(survivor, other)], 'admin')).status).toBe(202);
    expect(await typesOn(survivor)).toEqual(['CustomerRegistered', 'CustomersMerged', 'CustomersMerged']);
  });

  it('registers customers only under a source system the integrator key is bound to: 403 naming the field, nothing of the batch written', async () => {
    const [own, foreign] = [newCustomerId(), newCustomerId()];
    const refused = await post([registration(own), fromErp(foreign)], 'crm');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      code: 'CTP_FORBIDDEN',
      errors: [{ index: 1, path: 'body.events[1].data.source.system', message: 'key crm (bound to crm) may not register customers of source system erp' }],
    });
    const unbound = await post([registration(newCustomerId())], 'unbound');
    expect(unbound.status).toBe(403);
    expect(await unbound.json()).toMatchObject({ errors: [{ path: 'body.events[0].data.source.system', message: expect.stringContaining('bound to no source system') }] });
    expect(await typesOn(own)).toEqual([]);
    expect(await typesOn(foreign)).toEqual([]);
    expect((await post([fromErp(foreign)], 'erp')).status).toBe(202);
  });

  it('lets admin send merges only', async () => {
    const refused = await post([registration(newCustomerId())], 'admin');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ errors: [{ message: 'role admin may send only CustomersMerged' }] });
  });

  it('takes a fact sent with an over-long x-request-id (was a 500: the correlation id is at most 128 characters)', async () => {
    const customerId = newCustomerId();
    const response = await fetch(`${intake.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer key-crm', 'x-request-id': 'r'.repeat(300) },
      body: JSON.stringify({ events: [registration(customerId)] }),
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const [stored] = await store.readStream(`customer-${customerId}`);
    expect(stored?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
