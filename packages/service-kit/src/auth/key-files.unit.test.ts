import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiKeyStore, hashApiKey, type ApiKeyFile } from './api-keys.js';
import { readApiKeyStore, watchApiKeyFile } from './key-files.js';

const holder = { kind: 'person', name: 'Zhang Min' } as const;
const entry = (id: string, role: string, extra: Record<string, unknown> = {}) => ({ id, role, holder, hash: hashApiKey(`plain-${id}`), ...extra });

describe('key files', () => {
  it('explains a missing key file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    await expect(readApiKeyStore(join(dir, 'absent.json'))).rejects.toThrow(/absent\.json does not exist: set API_KEYS_FILE/);
  });

  it('rejects a key file with a bad entry, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    const path = join(dir, 'api-keys.json');
    await writeFile(path, JSON.stringify({ keys: [{ id: 'x', role: 'superuser', holder, hash: 'md5:abc' }] }));
    await expect(readApiKeyStore(path)).rejects.toThrow(/keys\.0\.role \(key "x"\).*keys\.0\.hash \(key "x"\)/s);
  });

  it('refuses a key that names no holder (the person or system it is issued to), naming the key', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'ctp-keys-')), 'api-keys.json');
    await writeFile(path, JSON.stringify({ keys: [entry('ops-li', 'admin'), { id: 'erp-prod', role: 'integrator', hash: hashApiKey('erp'), sourceSystems: ['erp'] }] }));
    await expect(readApiKeyStore(path)).rejects.toThrow('keys.1.holder (key "erp-prod"): no holder: add "holder": {"kind": "person" or "system", "name": "..."}');
    await writeFile(path, JSON.stringify({ keys: [entry('ops-li', 'admin', { holder: { kind: 'team', name: '' } })] }));
    await expect(readApiKeyStore(path)).rejects.toThrow(/keys\.0\.holder\.kind \(key "ops-li"\).*keys\.0\.holder\.name \(key "ops-li"\)/s);
  });

  it('gives the principal its holder and binding', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'ctp-keys-')), 'api-keys.json');
    await writeFile(path, JSON.stringify({ keys: [entry('erp-prod', 'integrator', { holder: { kind: 'system', name: 'ERP production' }, sourceSystems: ['erp'] })] }));
    expect((await readApiKeyStore(path)).authenticate('plain-erp-prod')).toEqual({ keyId: 'erp-prod', role: 'integrator', holder: { kind: 'system', name: 'ERP production' }, sourceSystems: ['erp'] });
  });
});

describe('keys that change while a service runs (review finding: reloadable and expirable without a restart)', () => {

  it('refuses a key from its expiresAt on', () => {
    let now = Date.parse('2026-12-03T08:00:00Z');
    const store = new ApiKeyStore({ keys: [entry('ops', 'admin', { expiresAt: '2026-12-03T09:00:00+00:00' }) as ApiKeyFile['keys'][number]] }, () => now);
    expect(store.authenticate('plain-ops')).toEqual({ keyId: 'ops', role: 'admin', holder });
    now = Date.parse('2026-12-03T09:00:00Z');
    expect(store.authenticate('plain-ops')).toBeUndefined();
  });

  it('reloads a changed key file: added, revoked and expired keys apply at once; a broken file keeps the keys in force', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'ctp-keys-')), 'api-keys.json');
    await writeFile(path, JSON.stringify({ keys: [entry('old', 'agent'), entry('staying', 'analyst')] }));
    const store = await readApiKeyStore(path);
    const reloads: number[] = [];
    const errors: unknown[] = [];
    const stop = watchApiKeyFile(path, store, { intervalMs: 100, onReload: (size) => reloads.push(size), onError: (error) => errors.push(error) });
    try {
      const until = async (done: () => boolean) => {
        for (let i = 0; i < 100 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(done()).toBe(true);
      };
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // a later mtime on coarse file systems
      await writeFile(path, JSON.stringify({ keys: [entry('staying', 'analyst'), entry('new', 'auditor'), entry('lapsed', 'admin', { expiresAt: '2020-01-01T00:00:00Z' })] }));
      await until(() => reloads.length === 1);
      expect(store.authenticate('plain-old')).toBeUndefined();
      expect(store.authenticate('plain-new')).toEqual({ keyId: 'new', role: 'auditor', holder });
      expect(store.authenticate('plain-staying')).toEqual({ keyId: 'staying', role: 'analyst', holder });
      expect(store.authenticate('plain-lapsed')).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await writeFile(path, '{"keys": [');
      await until(() => errors.length === 1);
      expect(store.authenticate('plain-new')).toEqual({ keyId: 'new', role: 'auditor', holder });
    } finally {
      stop();
    }
  });
});
