import { startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz, fuzzerInstalled, fuzzerPath, operationsByRole, type FuzzRun } from './fuzzer.js';

/** Every service on the kit, the relay included. */
const services = ['relay', 'intake', 'tiering', 'sla', 'feedback', 'outbound', 'analytics'] as const;
const maxExamples = Number(process.env.CTP_FUZZ_EXAMPLES ?? 8);
/** A log line at error or fatal: the services log levels by name ("level":"error"), pino's default by number. */
const errorLine = /"level":("error"|"fatal"|50|60)/;

async function readModelsCaughtUp(baseUrl: string, key: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${baseUrl}/v1/read-models`, { headers: { authorization: `Bearer ${key}` } });
    if (response.status === 404) return; // a service that keeps no read model
    const { readModels } = (await response.json()) as { readModels: { lagEvents: number; state: string }[] };
    if (readModels.every((model) => model.lagEvents === 0 && model.state === 'running')) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a third-party fuzzer (schemathesis) against every service\'s served OpenAPI', () => {
  let stack: ServiceStack;

  beforeAll(async () => {
    if (!fuzzerInstalled()) throw new Error(`${fuzzerPath} is missing: bash scripts/test.sh installs it (ensure_fuzzer in scripts/lib/toolchain.sh)`);
    // The fuzzer sends every operation without a key, once per role it runs as: far more than the 60 a minute
    // a client may fail authentication before it gets 429, which is a rate limit, not the 401 the check wants.
    // Likewise the public unsubscribe links, limited per client address: the fuzzer's one address sends them more.
    stack = await startServiceStack(services, { READ_WAIT_TIMEOUT_MS: '10000', AUTH_FAILURES_PER_MINUTE: '100000', UNSUBSCRIBE_REQUESTS_PER_MINUTE: '10000' }, 'fuzz');
    // A read waiting on a position the read models have not reached answers 503 by design; fuzz a settled system.
    for (const name of services) await readModelsCaughtUp(stack.service(name).baseUrl, stack.keys.analyst!);
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(services)('%s: no 5xx, every error problem+json, every answer as documented', async (name) => {
    const service = stack.service(name);
    const runs: FuzzRun[] = [];
    for (const [role, operationIds] of await operationsByRole(service.baseUrl)) {
      runs.push(await fuzz({ service: name, baseUrl: service.baseUrl, role, key: stack.keys[role]!, operationIds, maxExamples }));
    }
    expect(runs.length, `${name} publishes no operation with roles`).toBeGreaterThan(0);
    const failed = runs.filter((run) => run.exitCode !== 0);
    const serverErrors = service.output().split('\n').filter((line) => errorLine.test(line)).slice(-5);
    // The service's own error lines first: the fuzzer's report is long, and a failed comparison shows only its start.
    const report = failed.map((run) => `${run.service} as ${run.role} (${run.operationIds.join(', ')}):\n${run.output}`).join('\n\n');
    expect(failed.length === 0 ? '' : `${serverErrors.map((line) => `${name} logged: ${line}\n`).join('')}${report}`).toBe('');
    expect(service.output()).not.toMatch(errorLine);
  }, 900_000);
});
