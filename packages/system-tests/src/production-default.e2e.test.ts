import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { freePort, isolatedEnvironment, startService, uniqueName, type ServiceProcess } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';

/**
 * Review finding: NODE_ENV defaulted to development, so a deployment that forgot its secrets
 * silently generated API keys and a master key. Now a service without NODE_ENV is in production
 * and refuses to start without them, saying which setting is missing.
 */
describe('a service started without NODE_ENV', () => {
  const withoutNodeEnv = async () => {
    const isolated = await isolatedEnvironment(uniqueName('prod_default'));
    const { NODE_ENV: _development, ...environment } = isolated.environment;
    return { environment, keysDir: isolated.keysDir };
  };
  const exitOf = async (service: ServiceProcess) => {
    const [code] = (await once(service.child, 'exit')) as [number | null];
    return code;
  };

  it('refuses to start without its API key file, naming API_KEYS_FILE, and generates no keys', async () => {
    const { environment, keysDir } = await withoutNodeEnv();
    const service = startService('intake', await freePort(), environment);
    expect(await exitOf(service)).toBe(78);
    expect(service.output()).toMatch(/api-keys\.json does not exist: set API_KEYS_FILE/);
    expect(existsSync(join(keysDir, 'dev-keys.json'))).toBe(false);
  }, 60_000);

  it('refuses to start without its master key, naming DATA_MASTER_KEY and its file, and creates none', async () => {
    const { environment, keysDir } = await withoutNodeEnv();
    await writeFile(join(keysDir, 'api-keys.json'), JSON.stringify({ keys: [{ id: 'ops', role: 'admin', holder: { kind: 'person', name: 'Operator' }, hash: `sha256:${createHash('sha256').update('k').digest('hex')}` }] }));
    const service = startService('intake', await freePort(), environment);
    expect(await exitOf(service)).not.toBe(0);
    expect(service.output()).toMatch(/DATA_MASTER_KEY is not set and .*data-master-key does not exist/);
    expect(existsSync(join(keysDir, 'data-master-key'))).toBe(false);
  }, 90_000);
});
