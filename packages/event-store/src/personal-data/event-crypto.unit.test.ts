import { randomBytes, randomUUID } from 'node:crypto';
import { ERASED, eventRegistry, type RecordedEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { KeyringError } from './errors.js';
import { keyIdsOf, openEvent, sealedFieldsOf, sealEvent, subjectNeedingKey } from './event-crypto.js';
import type { KeyLookup } from './keyring.js';
import { customerRegistered, purchaseRecorded } from './test-support/customer-events.js';

const key: KeyLookup = { keyId: randomUUID(), customerId: 'C-1', key: randomBytes(32) };
const recorded = <E extends object>(event: E) => ({ ...event, revision: 0, globalPosition: '1', recordedAt: '2025-01-01T00:00:00.000Z' }) as unknown as RecordedEvent;

describe('sealing and opening events', () => {
  it('encrypts exactly the registry-marked personal fields and restores them', () => {
    const event = customerRegistered('C-1');
    const sealed = sealEvent(eventRegistry, event, new Map([['C-1', key]]));
    const data = sealed.data as Record<string, unknown> & { address: Record<string, string>; source: Record<string, string> };
    for (const value of [data.name, data.email, data.phone, data.address.line1, data.address.city, data.address.postalCode, data.source.externalId]) {
      expect(value).toMatch(/^enc:v1:/);
    }
    expect(data.address.region).toBe('Shanghai');
    expect(data.address.country).toBe('CN');
    expect(data.source.system).toBe('erp');
    expect(data.customerId).toBe('C-1');
    expect(keyIdsOf(eventRegistry, sealed)).toEqual(Array(7).fill(key.keyId));
    expect(sealedFieldsOf(eventRegistry, sealed).map(({ path }) => path)).toEqual(['name', 'email', 'phone', 'address.line1', 'address.city', 'address.postalCode', 'source.externalId']);
    expect(openEvent(eventRegistry, recorded(sealed), new Map([[key.keyId, key]])).data).toEqual(event.data);
  });

  it('reads fields under a destroyed key as erased, leaving the rest', () => {
    const sealed = sealEvent(eventRegistry, customerRegistered('C-1'), new Map([['C-1', key]]));
    const opened = openEvent(eventRegistry, recorded(sealed), new Map([[key.keyId, 'destroyed']])).data as Record<string, unknown>;
    expect(opened).toMatchObject({ name: ERASED, email: ERASED, customerId: 'C-1', address: { line1: ERASED, region: 'Shanghai' }, source: { system: 'erp', externalId: ERASED } });
  });

  it('stores the personal fields of an erased customer as erased, never as plaintext', () => {
    const sealed = sealEvent(eventRegistry, customerRegistered('C-1'), new Map([['C-1', 'destroyed']]));
    expect(JSON.stringify(sealed.data)).not.toContain('Li Wei');
    expect(sealed.data).toMatchObject({ name: ERASED, source: { system: 'erp' } });
  });

  it('leaves events without personal fields alone', () => {
    const purchase = purchaseRecorded('C-1');
    expect(subjectNeedingKey(eventRegistry, purchase)).toBeNull();
    expect(sealEvent(eventRegistry, purchase, new Map())).toBe(purchase);
    expect(openEvent(eventRegistry, recorded({ ...purchase, type: 'UnknownToRegistry' }), new Map()).data).toEqual(purchase.data);
  });

  it('refuses to seal without a key, and to open a token whose key was never issued', () => {
    const event = customerRegistered('C-1');
    expect(() => sealEvent(eventRegistry, event, new Map())).toThrow(KeyringError);
    const sealed = sealEvent(eventRegistry, event, new Map([['C-1', key]]));
    expect(() => openEvent(eventRegistry, recorded(sealed), new Map())).toThrow(/never issued/);
  });
});
