import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, isolatedEnvironment, startService, uniqueName, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz, fuzzerInstalled, fuzzerPath, operationsByRole, type FuzzRun } from './fuzzer.js';

const services = ['intake', 'tiering', 'sla', 'feedback', 'analytics', 'relay'] as const;
const maxExamples = Number(process.env.CTP_FUZZ_EXAMPLES ?? 8);

describe('a third-party fuzzer (schemathesis) against every service\'s served OpenAPI', () => {
  const schema = uniqueName('fuzz');
  const running: ServiceProcess[] = [];
  let keys: Record<string, string>;

  beforeAll(async () => {
    if (!fuzzerInstalled()) throw new Error(`${fuzzerPath} is missing: bash scripts/test.sh installs it (ensure_fuzzer in scripts/lib/toolchain.sh)`);
    const isolated = await isolatedEnvironment(schema);
    for (const name of services) {
      const service = startService(name, await freePort(), { ...isolated.environment, READ_WAIT_TIMEOUT_MS: '1000' });
      running.push(service);
      await waitUntilReady(service, 180_000);
    }
    keys = JSON.parse(await readFile(join(isolated.keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
  }, 600_000);

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop('SIGKILL')));
  });

  it.each(services)('%s: no 5xx, every error problem+json, every answer as documented', async (name) => {
    const service = running.find((candidate) => candidate.name === name)!;
    const runs: FuzzRun[] = [];
    for (const [role, operationIds] of await operationsByRole(service.baseUrl)) {
      runs.push(await fuzz({ service: name, baseUrl: service.baseUrl, role, key: keys[role]!, operationIds, maxExamples }));
    }
    expect(runs.length, `${name} publishes no operation with roles`).toBeGreaterThan(0);
    const failed = runs.filter((run) => run.exitCode !== 0);
    expect(failed.map((run) => `${run.service} as ${run.role} (${run.operationIds.join(', ')}):\n${run.output}`).join('\n\n')).toBe('');
    expect(service.output()).not.toMatch(/"level":(50|60)/);
  }, 900_000);
});
