import { describe, expect, it } from 'vitest';
import { ApiKeyStore, hashApiKey } from './api-keys.js';

const holder = { kind: 'system', name: 'analytics answer warmer' } as const;
const fileKey = { id: 'ops-li', role: 'admin', holder: { kind: 'person', name: 'Li Na' }, hash: hashApiKey('plain-ops-li') } as const;

describe('keys a process issues to itself', () => {
  it('opens with its role and holder, only with the string returned, and is not one of the file’s keys', () => {
    const store = new ApiKeyStore({ keys: [fileKey] });
    const key = store.inProcessKey('analyst', holder);
    expect(store.authenticate(key)).toEqual({ keyId: 'in-process:analytics answer warmer', role: 'analyst', holder });
    expect(store.authenticate(`${key}x`)).toBeUndefined();
    expect(store.inProcessKey('analyst', holder)).not.toBe(key);
    expect(store.size).toBe(1);
  });

  it('is kept when the key file is reloaded, while the file’s keys are replaced', () => {
    const store = new ApiKeyStore({ keys: [fileKey] });
    const key = store.inProcessKey('analyst', holder);
    store.replace({ keys: [] });
    expect(store.authenticate('plain-ops-li')).toBeUndefined();
    expect(store.authenticate(key)?.role).toBe('analyst');
  });
});
