import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eventually, freePort, isolatedEnvironment, startService, uniqueName, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationWithPurchase } from './test-support/intake-facts.js';
import { ctpOpsWith, requireBuiltTool } from './test-support/run-tool.js';

describe('ctp-ops against a running intake', () => {
  const schema = uniqueName('ops_cli');
  let relay: ServiceProcess;
  let intake: ServiceProcess;
  let keys: Record<string, string>;
  const customers = ['C-1', 'C-2', 'C-3', 'C-4'].map((customer) => `${customer}-${randomUUID().slice(0, 6)}`);

  const ctpOps = ctpOpsWith(() => ({ intake: intake.baseUrl }), () => keys.admin!);

  beforeAll(async () => {
    requireBuiltTool();
    const isolated = await isolatedEnvironment(schema);
    const environment = { ...isolated.environment, READ_WAIT_TIMEOUT_MS: '30000', CONSUMER_SESSION_TIMEOUT_MS: '10000' };
    relay = startService('relay', await freePort(), environment);
    await waitUntilReady(relay);
    intake = startService('intake', await freePort(), environment);
    await waitUntilReady(intake);
    keys = JSON.parse(await readFile(join(isolated.keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    const events = customers.flatMap((customerId) => registrationWithPurchase(customerId));
    const accepted = await fetch(`${intake.baseUrl}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.integrator}` }, body: JSON.stringify({ events }) });
    expect(accepted.status, intake.output()).toBe(202);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([relay?.stop(), intake?.stop()]);
  });

  it('status: a table of the read model and the reactor, exit 0 once all is healthy', async () => {
    const caughtUp = /^intake\s+read-model\s+intake-customer-summary\s+running\s+(\d+)\s+(\d+)\s+0\s+\S+\s+1\s+0\s+ok$/m;
    const healthy = await eventually(async () => {
      const outcome = await ctpOps('status');
      return outcome.code === 0 && caughtUp.test(outcome.stdout) ? outcome : undefined;
    }, 'a healthy status with the read model caught up', () => intake.output());
    const [, position, head] = caughtUp.exec(healthy.stdout)!;
    expect(position).toBe(head);
    const lines = healthy.stdout.split('\n');
    expect(lines[0]).toMatch(/^SERVICE\s+KIND\s+NAME\s+STATE\s+POSITION\s+HEAD\s+LAG\s+EV\/S\s+MEMBERS\s+PARKED\s+HEALTH$/);
    expect(lines.find((line) => line.includes('intake-erasures'))).toMatch(/^intake\s+reactor\s+intake-erasures\s+running\s+-\s+\d+\s+0\s+\S+\s+1\s+0\s+ok$/);
    expect(healthy.stdout.trimEnd().endsWith('all healthy')).toBe(true);
  });

  it('rebuild: progress, then the switch-over to version 2 with version 1 kept, and the read model still answers', async () => {
    const before = await readCustomers();
    const outcome = await ctpOps('rebuild', 'intake', 'intake-customer-summary');
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/^rebuild of intake\/intake-customer-summary started: job [0-9a-f-]{36}$/m);
    expect(outcome.stdout).toMatch(/^switched intake-customer-summary over to version 2 after \d+ events in \S+; version 1 is kept until you drop it$/m);
    expect(outcome.stderr).toMatch(/(building|handoff|switched) v2 {2}\[[#.]{20}\]/);
    expect(await readCustomers()).toEqual(before);
  });

  it('replay: re-runs a reactor over the whole history and reports that nothing new was appended', async () => {
    const outcome = await ctpOps('replay', 'intake', 'intake-erasures', '--from', '1');
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/^replay of intake\/intake-erasures from position 1 started: job [0-9a-f-]{36}$/m);
    expect(outcome.stdout).toMatch(/^replayed \d+ events of intake-erasures from position 1 to \d+; the reactions appended nothing new$/m);
  });

  it('status exits 1 when a service does not answer, saying which', async () => {
    await intake.stop('SIGKILL');
    const outcome = await ctpOps('status');
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/^intake\s+-\s+-\s+unreachable\s.*UNHEALTHY$/m);
    expect(outcome.stdout).toContain('! intake: intake does not answer at');
  });

  it('refuses wrong usage with exit 2', async () => {
    const outcome = await ctpOps('rebuild', 'intake');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('ctp-ops: rebuild takes <service> <projection>');
  });

  async function readCustomers(): Promise<unknown[]> {
    const response = await fetch(`${intake.baseUrl}/v1/admin/status`, { headers: { authorization: `Bearer ${keys.admin}` } });
    const status = (await response.json()) as { consumers: { name: string; position: string | null }[] };
    const position = status.consumers.find((consumer) => consumer.name === 'intake-customer-summary')?.position;
    return Promise.all(
      customers.map(async (customerId) => {
        const read = await fetch(`${intake.baseUrl}/v1/customers/${customerId}?purpose=service${position ? `&minPosition=${position}` : ''}`, { headers: { authorization: `Bearer ${keys.agent}` } });
        expect(read.status).toBe(200);
        return read.json();
      }),
    );
  }
});
