import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSecret } from './dev-secret.js';

describe('resolveSecret', () => {
  it('prefers the environment, then the file, and creates the file once in development', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'ctp-secret-')), 'nested', 'key');
    expect(await resolveSecret({ name: 'K', value: 'from-env', file, development: true })).toBe('from-env');
    const created = await resolveSecret({ name: 'K', value: undefined, file, development: true });
    expect(Buffer.from(created, 'base64')).toHaveLength(32);
    expect((await readFile(file, 'utf8')).trim()).toBe(created);
    expect(await resolveSecret({ name: 'K', value: undefined, file, development: false })).toBe(created);
  });

  it('gives every one of many starts racing to create the file the same whole secret', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'ctp-secret-')), 'key');
    const secrets = await Promise.all(Array.from({ length: 50 }, () => resolveSecret({ name: 'K', value: undefined, file, development: true })));
    expect(new Set(secrets).size).toBe(1);
    expect(Buffer.from(secrets[0]!, 'base64')).toHaveLength(32);
    expect(await readdir(dirname(file))).toEqual(['key']);
  });

  it('refuses to invent a secret outside development', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'ctp-secret-')), 'key');
    await expect(resolveSecret({ name: 'DATA_MASTER_KEY', value: undefined, file, development: false })).rejects.toThrow(
      /DATA_MASTER_KEY is not set and .*key does not exist/,
    );
  });
});
