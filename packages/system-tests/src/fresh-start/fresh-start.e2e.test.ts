import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startService, waitUntilHealthy, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { freshServers, type FreshServers } from './fresh-servers.js';

// The README's start command on a new machine: every server starts from an empty data folder, and
// the relay and the five services come up against them with nobody's help (issue: a retriable
// Kafka error at start-up used to kill intake).
const serviceNames = ['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics'] as const;
// Two in CI (three with the broker-late one below); the long form is scripts/prove-fresh-start.sh (10 clones by default).
const freshStarts = Number(process.env.CTP_FRESH_STARTS ?? 2);
const readyWithinMs = 240_000;

/** Starts the relay and the five services into `running`, so that the caller can stop them whatever happens. */
async function startAll(servers: FreshServers, running: ServiceProcess[]): Promise<ServiceProcess[]> {
  const keysDir = await mkdtemp(join(tmpdir(), 'ctp-fresh-keys-'));
  const environment = servers.serviceEnvironment(keysDir);
  for (const name of serviceNames) running.push(startService(name, await freePort(), environment));
  await Promise.all(running.map((service) => waitUntilHealthy(service)));
  return running;
}

/** Stops what still runs (a test that failed midway), then the servers, and deletes their data. */
async function tearDown(servers: FreshServers, running: readonly ServiceProcess[]): Promise<void> {
  await Promise.all(running.map((service) => service.stop()));
  await servers.destroy();
}

async function expectAllReadyAndStop(services: readonly ServiceProcess[]): Promise<void> {
  await Promise.all(services.map((service) => waitUntilReady(service, readyWithinMs)));
  for (const service of services) {
    expect(service.child.exitCode, `${service.name} exited:\n${service.output()}`).toBeNull();
    expectOneLinePerChangeOfReason(service);
  }
  const codes = await Promise.all(services.map((service) => service.stop('SIGTERM')));
  expect(codes).toEqual(services.map(() => 0));
}

/** While a start-up step waits, it logs when its reason changes, not once per attempt, and never a stack. */
function expectOneLinePerChangeOfReason(service: ServiceProcess): void {
  const lines = service
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: string; msg: string; reason?: string; err?: unknown });
  const lastReason = new Map<string, string>();
  for (const line of lines) {
    expect(['error', 'fatal'], `${service.name}: ${line.msg}`).not.toContain(line.level);
    const waiting = /^(.*): waiting \(/.exec(line.msg);
    if (!waiting) continue;
    expect(line.err, `${service.name} logged a stack while waiting`).toBeUndefined();
    expect(lastReason.get(waiting[1]!), `${service.name} logged the same reason twice in a row: ${line.msg}`).not.toBe(line.reason);
    lastReason.set(waiting[1]!, line.reason ?? '');
  }
}

describe('a fresh start from empty server data', () => {
  it.each(Array.from({ length: freshStarts }, (_, index) => index + 1))(
    'start %i: the relay and every service become ready without a hand',
    async () => {
      const servers = await freshServers();
      const running: ServiceProcess[] = [];
      try {
        await servers.up();
        await expectAllReadyAndStop(await startAll(servers, running));
      } finally {
        await tearDown(servers, running);
      }
    },
    600_000,
  );

  it('the broker starting after the services: they wait, say why on /ready, and become ready once it answers', async () => {
    const servers = await freshServers();
    const running: ServiceProcess[] = [];
    try {
      await servers.up('postgres', 'ferretdb');
      const services = await startAll(servers, running);
      const waitingForKafka = services.filter((service) => service.name !== 'sla' && service.name !== 'feedback' && service.name !== 'analytics');
      await Promise.all(waitingForKafka.map((service) => waitForStartUpReason(service, new RegExp(`127\\.0\\.0\\.1:${servers.ports.kafka}|ECONNREFUSED`))));
      await servers.up('kafka');
      await expectAllReadyAndStop(services);
    } finally {
      await tearDown(servers, running);
    }
  }, 600_000);
});

/** Polls /ready until start-up reports that it waits for the reason given. */
async function waitForStartUpReason(service: ServiceProcess, reason: RegExp): Promise<void> {
  for (let attempt = 0; service.child.exitCode === null; attempt += 1) {
    const body = (await (await fetch(`${service.baseUrl}/ready`, { headers: service.adminHeaders() })).json()) as { dependencies: Record<string, { status: string; error?: string }> };
    const startUp = body.dependencies['start-up'];
    if (startUp?.status === 'down' && reason.test(startUp.error ?? '')) return;
    if (attempt > 2_000) throw new Error(`${service.name} never reported waiting for ${reason}: ${JSON.stringify(body)}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${service.name} exited while waiting for the broker:\n${service.output()}`);
}
