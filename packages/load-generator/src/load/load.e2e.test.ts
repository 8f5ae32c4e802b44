import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { mongoUrl, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { drillServers, killsOnProgress, loadReport, planKills, planOperations, publishMinuteClocks, reconcileAfterLoad, runLoad, stackTarget, workOf } from './test-support/drill.js';

const services = ['intake', 'tiering', 'sla', 'feedback', 'analytics'] as const;
/** The kill drill's size: CI's short form, or the long form's (scripts/drills/kills.sh sets these). */
const drill = {
  count: Number(process.env.CTP_KILL_DRILL_OPERATIONS ?? 120),
  customers: Number(process.env.CTP_KILL_DRILL_CUSTOMERS ?? 8),
  kills: Number(process.env.CTP_KILL_DRILL_KILLS ?? 2),
};
const text = (stream: PassThrough) => {
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return () => written;
};

/** The short form of the load generator: the command against a real stack of every service, a few seconds at a low rate. */
describe('ctp-load against the running services', () => {
  let stack: ServiceStack;
  let directory: string;
  let servers: Awaited<ReturnType<typeof drillServers>>;

  beforeAll(async () => {
    stack = await startServiceStack(['relay', ...services]);
    directory = await mkdtemp(join(tmpdir(), 'ctp-load-'));
    await writeFile(join(directory, 'keys.json'), JSON.stringify(stack.keys));
    for (const service of ['relay', ...services]) await writeFile(join(directory, `${service}.pid`), String(stack.service(service).child.pid));
    servers = await drillServers(stack, { postgres: postgresUrl(), mongo: mongoUrl() });
  }, 300_000);
  afterAll(async () => {
    await servers?.close();
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

  it(`drill: relay, intake, tiering, sla, feedback and analytics each killed (SIGKILL) ${drill.kills} times at seeded points of the load; then every read model equals the store, every due clock timer fired once, no dead letter`, async () => {
    await publishMinuteClocks(stack);
    const processes = ['relay', ...services];
    const { count, customers, kills: times } = drill;
    const operations = planOperations({ seed: 'drill', count, customers, runId: 'drill' });
    const kills = killsOnProgress(stack, planKills('drill', processes, times, 10, count - 10), 240_000);
    const result = await runLoad({ target: stackTarget(stack), operations, ratePerSecond: 4, seconds: count / 4, visibleWithinMs: 240_000, onAccepted: kills.progress });
    const killed = await kills.done();
    const loadEnded = stack.clock();
    const summary = JSON.stringify({ errors: result.errors, notVisible: result.notVisible, killed });
    process.stdout.write(`drill, killed ${killed.map(({ name, killedAtAccepted, readyAfterMs }) => `${name} at ${killedAtAccepted} (ready after ${(readyAfterMs / 1000).toFixed(1)} s)`).join(', ')}:\n${loadReport(result, [], 4)}`);

    // Every process was killed twice and became ready again; a write to one away was sent again (same Idempotency-Key) until it was back.
    for (const name of processes) expect(killed.filter((kill) => kill.name === name), name).toHaveLength(times);
    expect(result.errors, summary).toEqual({});
    expect(result.notVisible, summary).toEqual({});
    expect(result.accepted, summary).toHaveLength(count);
    const work = workOf(result);
    expect(work.customers).toHaveLength(customers);
    const { timers, letters, line } = await reconcileAfterLoad(servers, work, loadEnded);
    process.stdout.write(line);
    expect(timers.fired, 'no clock timer fell due during the drill').toBeGreaterThan(0);
    expect(letters).toEqual([]);
  }, 600_000 + drill.count * 2_500);
});
