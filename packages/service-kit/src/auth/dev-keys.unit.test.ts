import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashApiKey } from './api-keys.js';
import { createDevKeys, ensureDevKeys } from './dev-keys.js';
import { readApiKeyStore } from './key-files.js';
import { roles } from './roles.js';

const devHolder = (role: string) => ({ kind: 'system', name: `development (${role})` });

describe('development keys', () => {
  it('writes one plain key per role and stores only hashes for the services, each key held by a named development system', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    const { created, devKeysPath } = await ensureDevKeys(join(dir, 'api-keys.json'));
    expect(created).toBe(true);
    expect(devKeysPath).toBe(join(dir, 'dev-keys.json'));
    const plain = JSON.parse(await readFile(devKeysPath, 'utf8')) as Record<string, string>;
    expect(Object.keys(plain)).toEqual([...roles]);
    const hashedText = await readFile(join(dir, 'api-keys.json'), 'utf8');
    for (const key of Object.values(plain)) expect(hashedText).not.toContain(key);
    const store = await readApiKeyStore(join(dir, 'api-keys.json'));
    expect(store.authenticate(plain.auditor ?? '')).toEqual({ keyId: 'dev-auditor', role: 'auditor', holder: devHolder('auditor') });
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

  it('leaves the keys alone when a start that found none takes the lock after another start made them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    await ensureDevKeys(join(dir, 'api-keys.json'));
    const [plain, hashed] = await Promise.all([readFile(join(dir, 'dev-keys.json'), 'utf8'), readFile(join(dir, 'api-keys.json'), 'utf8')]);
    expect(await createDevKeys(join(dir, 'api-keys.json'))).toEqual({ created: false, devKeysPath: join(dir, 'dev-keys.json') });
    expect(await readFile(join(dir, 'dev-keys.json'), 'utf8')).toBe(plain);
    expect(await readFile(join(dir, 'api-keys.json'), 'utf8')).toBe(hashed);
  });
});

describe('development keys made before the privacy role and before keys named their holder', () => {
  it('gain a privacy key, an integrator bound to any source system and a holder each, keeping the keys and leaving hand-made ones alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctp-keys-'));
    const hashedPath = join(dir, 'api-keys.json');
    const older = ['integrator', 'agent', 'analyst', 'auditor', 'admin'] as const;
    const plain = Object.fromEntries(older.map((role) => [role, `old-${role}`]));
    await writeFile(join(dir, 'dev-keys.json'), JSON.stringify(plain));
    const handMade = { id: 'ops-li', role: 'admin', holder: { kind: 'person', name: 'Li Na' }, hash: hashApiKey('li') };
    await writeFile(hashedPath, JSON.stringify({ keys: [...older.map((role) => ({ id: `dev-${role}`, role, hash: hashApiKey(`old-${role}`) })), handMade] }));
    const results = await Promise.all(Array.from({ length: 3 }, () => ensureDevKeys(hashedPath)));
    expect(results.every((result) => !result.created)).toBe(true);
    const after = JSON.parse(await readFile(join(dir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    expect(after.integrator).toBe('old-integrator');
    const store = await readApiKeyStore(hashedPath);
    expect(store.authenticate(after.privacy ?? '')).toEqual({ keyId: 'dev-privacy', role: 'privacy', holder: devHolder('privacy') });
    expect(store.authenticate('old-integrator')).toEqual({ keyId: 'dev-integrator', role: 'integrator', holder: devHolder('integrator'), sourceSystems: ['*'] });
    expect(store.authenticate('old-admin')).toEqual({ keyId: 'dev-admin', role: 'admin', holder: devHolder('admin') });
    expect(store.authenticate('li')).toEqual({ keyId: 'ops-li', role: 'admin', holder: { kind: 'person', name: 'Li Na' } });
  });
});
