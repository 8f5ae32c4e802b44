import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, isolatedEnvironment, startService, uniqueName, waitUntilHealthy, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const serviceNames = ['intake', 'tiering', 'sla', 'feedback', 'analytics'] as const;

describe('the five services as real processes', () => {
  const running: ServiceProcess[] = [];
  let keysDir: string;

  beforeAll(async () => {
    // Its own schema, topic prefix, database and audit schema: the other suites' stacks run beside it.
    const isolated = await isolatedEnvironment(uniqueName('boot'));
    keysDir = isolated.keysDir;
    for (const name of serviceNames) running.push(startService(name, await freePort(), isolated.environment));
    await Promise.all(running.map((service) => waitUntilHealthy(service)));
  });

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
  });

  it.each(serviceNames)('%s answers /health and is /ready with its dependencies up', async (name) => {
    const service = running.find((candidate) => candidate.name === name)!;
    const health = await fetch(`${service.baseUrl}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', service: name });
    await waitUntilReady(service);
    expect(await (await fetch(`${service.baseUrl}/ready`)).json()).toEqual({ status: 'ready', service: name });
    const ready = await fetch(`${service.baseUrl}/ready`, { headers: service.adminHeaders() });
    const body = (await ready.json()) as { status: string; dependencies: Record<string, { status: string }> };
    expect(body, service.output()).toMatchObject({
      status: 'ready',
      dependencies: { 'event-store': { status: 'up' }, kafka: { status: 'up' }, mongo: { status: 'up' } },
    });
    expect(ready.status).toBe(200);
  });

  it('generated one development key per role, shared by every service', async () => {
    const keys = JSON.parse(await readFile(join(keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(keys).sort()).toEqual(['admin', 'agent', 'analyst', 'auditor', 'integrator', 'privacy']);
  });

  it('logs JSON lines with the trace id of each request', async () => {
    const service = running[0]!;
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await fetch(`${service.baseUrl}/v1/unknown`, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
    const lines = () => service.output().split('\n').filter((line) => line.includes(traceId));
    await vi.waitFor(() => expect(lines().length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(JSON.parse(lines()[0]!)).toMatchObject({ service: 'intake', trace_id: traceId });
  });

  it('stops gracefully on SIGTERM', async () => {
    const service = running.pop()!;
    expect(await service.stop('SIGTERM')).toBe(0);
    expect(service.output()).toContain('"msg":"stopped"');
  });
});

describe('a service with bad configuration', () => {
  it('refuses to start and names every bad variable', async () => {
    const service = startService('sla', await freePort(), { EVENT_STORE_URL: 'mysql://nope', KAFKA_BROKERS: 'x' });
    const code = await new Promise<number | null>((done) => service.child.once('exit', done));
    expect(code).toBe(78);
    expect(service.output()).toMatch(/sla: invalid configuration/);
    for (const variable of ['EVENT_STORE_URL', 'KAFKA_BROKERS', 'MONGO_URL']) expect(service.output()).toContain(variable);
  });
});
