import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiKeyStore, hashApiKey, type ApiKeyFile } from './api-keys.js';
import { roles } from './roles.js';
import { ensureDevKeys, readApiKeyStore, watchApiKeyFile } from './key-files.js';

describe('development keys', () => {
  it('writes one plain key per role and stores only hashes for the services', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    const { created, devKeysPath } = await ensureDevKeys(join(dir, 'api-keys.json'));
    expect(created).toBe(true);
    expect(devKeysPath).toBe(join(dir, 'dev-keys.json'));
    const plain = JSON.parse(await readFile(devKeysPath, 'utf8')) as Record<string, string>;
    expect(Object.keys(plain)).toEqual([...roles]);
    const hashedText = await readFile(join(dir, 'api-keys.json'), 'utf8');
    for (const key of Object.values(plain)) expect(hashedText).not.toContain(key);
    const store = await readApiKeyStore(join(dir, 'api-keys.json'));
    expect(store.authenticate(plain.auditor ?? '')).toEqual({ keyId: 'dev-auditor', role: 'auditor' });
    expect(store.authenticate('guess')).toBeUndefined();
  });

  it('lets concurrent first starts agree on one set of keys, and keeps it later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureDevKeys(join(dir, 'api-keys.json'))));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const first = await readFile(join(dir, 'dev-keys.json'), 'utf8');
    expect((await ensureDevKeys(join(dir, 'api-keys.json'))).created).toBe(false);
    expect(await readFile(join(dir, 'dev-keys.json'), 'utf8')).toBe(first);
  });

  it('explains a missing key file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    await expect(readApiKeyStore(join(dir, 'absent.json'))).rejects.toThrow(/absent\.json does not exist: set API_KEYS_FILE/);
  });

  it('rejects a key file with a bad entry, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    const path = join(dir, 'api-keys.json');
    await writeFile(path, JSON.stringify({ keys: [{ id: 'x', role: 'superuser', hash: 'md5:abc' }] }));
    await expect(readApiKeyStore(path)).rejects.toThrow(/keys\.0\.role.*keys\.0\.hash/s);
  });
});

describe('development keys made before the privacy role', () => {
  it('gain a privacy key and an integrator bound to any source system, keeping the other keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    const hashedPath = join(dir, 'api-keys.json');
    const older = ['integrator', 'agent', 'analyst', 'auditor', 'admin'] as const;
    const plain = Object.fromEntries(older.map((role) => [role, `old-${role}`]));
    await writeFile(join(dir, 'dev-keys.json'), JSON.stringify(plain));
    await writeFile(hashedPath, JSON.stringify({ keys: older.map((role) => ({ id: `dev-${role}`, role, hash: hashApiKey(`old-${role}`) })) }));
    const results = await Promise.all(Array.from({ length: 3 }, () => ensureDevKeys(hashedPath)));
    expect(results.every((result) => !result.created)).toBe(true);
    const after = JSON.parse(await readFile(join(dir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    expect(after.integrator).toBe('old-integrator');
    const store = await readApiKeyStore(hashedPath);
    expect(store.authenticate(after.privacy ?? '')).toEqual({ keyId: 'dev-privacy', role: 'privacy' });
    expect(store.authenticate('old-integrator')).toEqual({ keyId: 'dev-integrator', role: 'integrator', sourceSystems: ['*'] });
    expect(store.authenticate('old-admin')).toEqual({ keyId: 'dev-admin', role: 'admin' });
  });
});

describe('keys that change while a service runs (review finding: reloadable and expirable without a restart)', () => {
  const entry = (id: string, role: string, extra: Record<string, unknown> = {}) => ({ id, role, hash: hashApiKey(`plain-${id}`), ...extra });

  it('refuses a key from its expiresAt on', () => {
    let now = Date.parse('2026-12-03T08:00:00Z');
    const store = new ApiKeyStore({ keys: [entry('ops', 'admin', { expiresAt: '2026-12-03T09:00:00+00:00' }) as ApiKeyFile['keys'][number]] }, () => now);
    expect(store.authenticate('plain-ops')).toEqual({ keyId: 'ops', role: 'admin' });
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
      expect(store.authenticate('plain-new')).toEqual({ keyId: 'new', role: 'auditor' });
      expect(store.authenticate('plain-staying')).toEqual({ keyId: 'staying', role: 'analyst' });
      expect(store.authenticate('plain-lapsed')).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await writeFile(path, '{"keys": [');
      await until(() => errors.length === 1);
      expect(store.authenticate('plain-new')).toEqual({ keyId: 'new', role: 'auditor' });
    } finally {
      stop();
    }
  });
});
