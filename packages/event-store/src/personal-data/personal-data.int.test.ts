import { ERASED, eventRegistry, type RecordedEvent } from '@ctp/contracts';
import { postgresUrl } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, readFeed } from '../contract/fixtures.js';
import { EventIdConflictError } from '../errors.js';
import type { EventStore } from '../port.js';
import { openPostgresSubject, type PostgresSubject } from '../postgres/test-support/postgres-subject.js';
import { KeyringError, PersonalDataIntegrityError } from './errors.js';
import { createPostgresKeyring, type PostgresKeyring } from './postgres-keyring.js';
import { protectPersonalData } from './protect-personal-data.js';
import { customerRegistered, interactionRecorded, purchaseRecorded, testMasterKey } from './test-support/customer-events.js';

describe('personal data at rest (PostgreSQL store and keyring)', () => {
  let subject: PostgresSubject;
  let keyring: PostgresKeyring;
  let store: EventStore;
  let customer = 0;
  const nextCustomer = () => `C-${Date.now().toString(36)}-${(customer += 1)}`;
  const rawData = async (eventId: string) =>
    (await subject.admin.query<{ data: Record<string, unknown> }>(`SELECT data FROM "${subject.schema}".events WHERE event_id = $1`, [eventId])).rows[0]!.data;

  beforeAll(async () => {
    subject = await openPostgresSubject(postgresUrl());
    keyring = await createPostgresKeyring(postgresUrl(), { schema: subject.schema, masterKey: testMasterKey() });
    store = protectPersonalData(subject.store, { keyring, registry: eventRegistry });
  });
  afterAll(async () => {
    await keyring.close();
    await subject.close();
  });

  it('stores ciphertext in the table and reads plaintext back', async () => {
    const customerId = nextCustomer();
    const registered = customerRegistered(customerId);
    const appended = await store.append(registered.streamId, [registered], { expectedRevision: 'no_stream' });
    const raw = await rawData(registered.id);
    expect(JSON.stringify(raw)).not.toMatch(/Li Wei|li\.wei@example\.com|8613800138000|Century/);
    expect(raw).toMatchObject({ name: expect.stringMatching(/^enc:v1:/), customerId, address: { region: 'Shanghai', country: 'CN' } });
    const [read] = await store.readStream(registered.streamId);
    expect(read?.data).toEqual(registered.data);
    const [fromFeed] = await readFeed(store, null, new Set([registered.streamId]), { until: appended.lastPosition });
    expect(fromFeed?.data).toEqual(registered.data);
  });

  it('encrypts every part of an appendMany with its own customer key and decrypts a readStreams', async () => {
    const [first, second] = [customerRegistered(nextCustomer()), customerRegistered(nextCustomer())];
    await store.appendMany([first, second].map((event) => ({ streamId: event.streamId, events: [event], expectedRevision: 'no_stream' as const })));
    const [rawFirst, rawSecond] = [await rawData(first.id), await rawData(second.id)];
    expect(rawFirst.name).toMatch(/^enc:v1:/);
    expect(rawSecond.name).toMatch(/^enc:v1:/);
    expect(rawFirst.name).not.toEqual(rawSecond.name);
    const streams = await store.readStreams([first.streamId, second.streamId]);
    expect([...streams.values()].map((events) => events.map((event) => event.data))).toEqual([[first.data], [second.data]]);
  });

  it('decrypts what a subscription delivers', async () => {
    const customerId = nextCustomer();
    const event = interactionRecorded(customerId, 'Asked twice for a delivery date');
    const start = await store.headPosition();
    await store.append(event.streamId, [event], { expectedRevision: 'no_stream' });
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ after: start, onEvents: async (events) => void seen.push(...events) });
    await eventually('the interaction', () => seen.some((candidate) => candidate.id === event.id));
    await subscription.stop();
    expect(seen.find((candidate) => candidate.id === event.id)?.data).toEqual(event.data);
  });

  it('erases by destroying the key: events stay, personal fields read as erased, the rest intact', async () => {
    const customerId = nextCustomer();
    const events = [customerRegistered(customerId), purchaseRecorded(customerId), interactionRecorded(customerId, 'Prefers calls after 6pm')];
    const streamId = events[0]!.streamId;
    const appended = await store.append(streamId, events, { expectedRevision: 'no_stream' });
    const rawBefore = await rawData(events[0]!.id);
    const destroyed = await keyring.destroyKey(customerId);
    // The id it answers is the one each stored token names.
    expect(rawBefore.name).toMatch(new RegExp(`^enc:v1:${destroyed}:`));

    const after = await store.readStream(streamId);
    expect(after.map((event) => [event.id, event.globalPosition])).toEqual(appended.events.map((event) => [event.id, event.globalPosition]));
    expect(after[0]?.data).toMatchObject({ name: ERASED, email: ERASED, phone: ERASED, customerId, kind: 'person', address: { line1: ERASED, city: ERASED, region: 'Shanghai' } });
    expect(after[1]?.data).toEqual(events[1]?.data);
    expect(after[2]?.data).toMatchObject({ note: ERASED, channel: 'phone', kind: 'complaint' });
    expect(await rawData(events[0]!.id)).toEqual(rawBefore);

    const later = interactionRecorded(customerId, 'Called again');
    await store.append(streamId, [later], { expectedRevision: 2 });
    expect(await rawData(later.id)).toMatchObject({ note: ERASED });
    expect(await keyring.destroyKey(customerId)).toBe(destroyed);
  });

  it('fails authentication when a stored token is altered or moved to another event', async () => {
    const customerId = nextCustomer();
    const [first, second] = [interactionRecorded(customerId, 'first note'), interactionRecorded(customerId, 'second note')];
    await store.append(first.streamId, [first, second], { expectedRevision: 'no_stream' });
    const token = (await rawData(first.id)).note as string;
    const tampered = token.replace(/:([A-Za-z0-9_-])([A-Za-z0-9_-]*):([A-Za-z0-9_-]{22})$/, (_, head: string, rest: string, tag: string) => `:${head === 'A' ? 'B' : 'A'}${rest}:${tag}`);
    const table = `"${subject.schema}".events`;
    await subject.admin.query(`UPDATE ${table} SET data = jsonb_set(data, '{note}', to_jsonb($2::text)) WHERE event_id = $1`, [first.id, tampered]);
    await expect(store.readStream(first.streamId)).rejects.toThrow(PersonalDataIntegrityError);

    await subject.admin.query(`UPDATE ${table} SET data = jsonb_set(data, '{note}', to_jsonb($2::text)) WHERE event_id = $1`, [first.id, (await rawData(second.id)).note]);
    await expect(store.readStream(first.streamId)).rejects.toThrow(PersonalDataIntegrityError);
  });

  it('keeps appends idempotent although every encryption differs', async () => {
    const customerId = nextCustomer();
    const event = customerRegistered(customerId);
    const first = await store.append(event.streamId, [event], { expectedRevision: 'no_stream' });
    const retry = await store.append(event.streamId, [event], { expectedRevision: 'no_stream' });
    expect(retry.events).toEqual([{ ...first.events[0], duplicate: true }]);
    const changed = { ...event, data: { ...(event.data as object), name: 'Wang Fang' } };
    await expect(store.append(event.streamId, [changed], { expectedRevision: 'any' })).rejects.toThrow(EventIdConflictError);
    await keyring.destroyKey(customerId);
    const afterErasure = await store.append(event.streamId, [event], { expectedRevision: 'any' });
    expect(afterErasure.events[0]?.duplicate).toBe(true);
  });

  it('refuses a master key other than the one that wrapped the data keys', async () => {
    const customerId = nextCustomer();
    await keyring.keysForCustomers([customerId]);
    const stranger = await createPostgresKeyring(postgresUrl(), { schema: subject.schema, masterKey: testMasterKey() });
    await expect(stranger.keysForCustomers([customerId])).rejects.toThrow(KeyringError);
    await stranger.close();
  });

  it('issues one key per customer, even to racing appends', async () => {
    const customerId = nextCustomer();
    const keys = await Promise.all([0, 1, 2, 3].map(() => keyring.keysForCustomers([customerId])));
    const ids = new Set(keys.map((found) => { const key = found.get(customerId); return key === 'destroyed' ? key : key?.keyId; }));
    expect(ids.size).toBe(1);
  });
});
