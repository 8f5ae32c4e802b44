import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startServiceStack, waitUntilReady, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { loadReport } from './report.js';
import type { Role, ServiceName } from './operations.js';
import { planOperations, type Operation } from './plan.js';
import { runLoad } from './run-load.js';

const services = ['intake', 'tiering', 'sla', 'feedback', 'analytics'] as const;
const text = (stream: PassThrough) => {
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return () => written;
};

/** The short form of the load generator: the command against a real stack of every service, a few seconds at a low rate. */
describe('ctp-load against the running services', () => {
  let stack: ServiceStack;
  let directory: string;

  beforeAll(async () => {
    stack = await startServiceStack(['relay', ...services]);
    directory = await mkdtemp(join(tmpdir(), 'ctp-load-'));
    await writeFile(join(directory, 'keys.json'), JSON.stringify(stack.keys));
    for (const service of ['relay', ...services]) await writeFile(join(directory, `${service}.pid`), String(stack.service(service).child.pid));
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('sends the mix at the rate asked, sees every write in every read model it reaches, and reports latency, errors and CPU', async () => {
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    const [printed, complaints] = [text(stdout), text(stderr)];
    const urls = services.flatMap((service) => [`--${service}`, stack.service(service).baseUrl]);
    const args = ['--rate', '5', '--seconds', '12', '--customers', '6', '--seed', '11', '--keys', join(directory, 'keys.json'), '--pids', directory, '--visible-within', '180', ...urls];
    const code = await main(args, { stdout, stderr, signal: new AbortController().signal });

    expect(code, `${printed()}\n${complaints()}`).toBe(0);
    const report = printed();
    expect(report).toMatch(/^sent 60 operations in /);
    expect(report).toContain('accepted 60;');
    for (const readModel of ['intake customer summary', 'tiering tiers', 'sla cases']) expect(report).toMatch(new RegExp(`  ${readModel}: \\d+ writes, p50 \\d+ ms, p99 \\d+ ms`));
    expect(report).toContain('errors by kind:\n  none');
    for (const service of ['relay', ...services]) expect(report).toMatch(new RegExp(`  ${service}: \\d+\\.\\d\\d s in all, \\d+ ms per operation`));
    process.stdout.write(report);
  }, 600_000);

  it('left what it sent in the services: each customer registered, and its cases as many as the plan opened', async () => {
    // The run's ids are its own; the plan is the same for the same seed, so the cases per customer index are known.
    const plan = planOperations({ seed: '11', count: 60, customers: 6, runId: 'x' });
    const opened = (index: number) => plan.filter((operation) => operation.kind === 'open_case' && operation.customerId === `LOAD-x-${index}`).length;
    const listed = await stack.call('sla', 'GET', '/v1/cases?limit=200', 'agent');
    const cases = ((await listed.json()) as { cases: { customerId: string }[] }).cases;
    const customers = [...new Set(cases.map(({ customerId }) => customerId))];
    const perIndex = (index: number) => cases.filter(({ customerId }) => customerId.endsWith(`-${index}`)).length;
    expect(cases.length).toBe(plan.filter(({ kind }) => kind === 'open_case').length);
    for (let index = 1; index <= 6; index += 1) expect(perIndex(index), `customer ${index}`).toBe(opened(index));
    for (const customerId of customers) expect((await stack.call('intake', 'GET', `/v1/customers/${customerId}?purpose=service`, 'agent')).status).toBe(200);
  });

  it('drill: each of relay, tiering, sla, feedback and analytics killed (SIGKILL) and restarted under the load loses nothing and acts on nothing twice', async () => {
    const target = { urls: Object.fromEntries(services.map((service) => [service, stack.service(service).baseUrl])) as Record<ServiceName, string>, keys: stack.keys as Record<Role, string> };
    const operations = planOperations({ seed: 'drill', count: 120, customers: 8, runId: 'drill' });
    const load = runLoad({ target, operations, ratePerSecond: 4, seconds: 30, visibleWithinMs: 240_000 });
    // One every 5 s while the load is sent, each started again at once; all must be ready again by themselves.
    const killed: string[] = [];
    const restarted: Promise<void>[] = [];
    for (const name of ['relay', 'tiering', 'sla', 'feedback', 'analytics']) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const victim = stack.service(name);
      victim.child.kill('SIGKILL');
      await new Promise((resolve) => victim.child.once('exit', resolve));
      killed.push(name);
      restarted.push(waitUntilReady(stack.restart(name), 180_000));
    }
    await Promise.all(restarted);
    const result = await load;
    process.stdout.write(`drill, killed ${killed.join(', ')}:\n${loadReport(result, [], 4)}`);
    const summary = JSON.stringify({ errors: result.errors, notVisible: result.notVisible, killed });

    // A write to a service away is sent again (same Idempotency-Key and event ids) until it is back: nothing fails.
    expect(result.errors, summary).toEqual({});
    expect(result.notVisible, summary).toEqual({});
    const accepted = (kind: Operation['kind']) => result.accepted.filter((operation) => operation.kind === kind);
    expect(accepted('register')).toHaveLength(8);
    for (const { customerId } of accepted('register')) {
      const history = await stack.call('tiering', 'GET', `/v1/customers/${customerId}/tier/history?purpose=service`, 'analyst');
      const { events } = (await history.json()) as { events: { type: string; causationId: string }[] };
      expect(events.filter(({ type }) => type === 'TierAssigned'), customerId).toHaveLength(1);
      expect(new Set(events.map(({ causationId }) => causationId)).size, `${customerId}: a cause acted on twice`).toBe(events.length);
    }
    const listed = await stack.call('sla', 'GET', '/v1/cases?limit=200', 'agent');
    const drillCases = ((await listed.json()) as { cases: { caseId: string }[] }).cases.filter(({ caseId }) => caseId.startsWith('LOAD-drill-'));
    expect(drillCases.map(({ caseId }) => caseId).toSorted()).toEqual(accepted('open_case').map((operation) => (operation as { caseId: string }).caseId).toSorted());
  }, 900_000);
});
