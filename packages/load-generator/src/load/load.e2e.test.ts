import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { planOperations } from './plan.js';

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
});
