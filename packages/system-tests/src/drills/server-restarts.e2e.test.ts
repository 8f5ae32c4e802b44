import { drillServers, loadReport, planOperations, publishMinuteClocks, reconcileAfterLoad, runLoad, stackTarget, workOf } from '@ctp/load-generator/drill';
import { startServiceStack, waitUntilReady, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServers, type FreshServers, type ServerName } from '../fresh-start/fresh-servers.js';

const processes = ['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics'] as const;
// CI restarts PostgreSQL only, under a short load; the long form (scripts/drills/server-restarts.sh) restarts each
// server, several times, under a longer one.
const count = Number(process.env.CTP_SERVER_DRILL_OPERATIONS ?? 40);
const order = (process.env.CTP_SERVER_DRILL_SERVERS ?? 'postgres').split(',') as ServerName[];
const restarts = order.map((server, index) => ({ server, afterAccepted: Math.round((count * (index + 1)) / (order.length + 1)) }));

/**
 * Under the load, PostgreSQL, Kafka and FerretDB of a set of servers of the drill's own are each stopped and
 * started again, one at a time. A process that exits meanwhile is started again as a supervisor would
 * (docker-compose's `restart: unless-stopped`), and each such exit is reported.
 */
describe(`drill: ${order.join(', ')} restarted one at a time under the load`, () => {
  let servers: FreshServers;
  let stack: ServiceStack;
  let readers: Awaited<ReturnType<typeof drillServers>>;
  const exits: string[] = [];
  let stopping = false;
  const supervise = (name: string) => {
    const running = stack.service(name);
    running.child.once('exit', (code, signal) => {
      if (stopping) return;
      exits.push(`${name} (${signal ?? code})`);
      process.stdout.write(`${name} exited (${signal ?? code}); its last output:\n${running.output().slice(-2500)}\n`);
      stack.restart(name);
      supervise(name);
    });
  };

  beforeAll(async () => {
    servers = await freshServers();
    await servers.up();
    const urls = { postgres: `postgres://ctp:ctp@127.0.0.1:${servers.ports.postgres}/ctp`, mongo: `mongodb://127.0.0.1:${servers.ports.mongo}/?maxPoolSize=10` };
    stack = await startServiceStack(processes, { EVENT_STORE_URL: urls.postgres, KAFKA_BROKERS: `127.0.0.1:${servers.ports.kafka}`, MONGO_URL: urls.mongo }, 'restarts');
    for (const name of processes) supervise(name);
    readers = await drillServers(stack, urls);
  }, 600_000);
  afterAll(async () => {
    stopping = true;
    await readers?.close();
    await stack?.stop();
    await servers?.destroy();
  }, 300_000);

  it('each stopped and started again: every process ready again by itself, every read model equal to the store, every due clock timer fired once, no dead letter', async () => {
    await publishMinuteClocks(stack);
    expect(order.every((server) => ['postgres', 'kafka', 'ferretdb'].includes(server)), `CTP_SERVER_DRILL_SERVERS ${order.join(',')}`).toBe(true);
    const done: { server: ServerName; atAccepted: number; seconds: number }[] = [];
    let chain = Promise.resolve();
    let next = 0;
    const onAccepted = (accepted: number) => {
      for (; next < restarts.length && restarts[next]!.afterAccepted <= accepted; next += 1) {
        const { server } = restarts[next]!;
        chain = chain.then(async () => {
          const started = performance.now();
          await servers.down(server);
          await servers.up(server);
          done.push({ server, atAccepted: accepted, seconds: (performance.now() - started) / 1000 });
        });
      }
    };
    const loadStarted = stack.clock().getTime();
    const operations = planOperations({ seed: 'server-restarts', count, customers: 8, runId: 'restarts' });
    const result = await runLoad({ target: stackTarget(stack), operations, ratePerSecond: 4, seconds: count / 4, visibleWithinMs: 300_000, onAccepted, retryStatuses: [0, 500, 503] });
    await chain;
    // Timers due up to 45 s after the start at least: a case's warning comes 30 s after it opens (its breach at 60 s
    // falls in on a longer load), so the short form has timers to check without waiting for the breaches.
    const dueBefore = new Date(Math.max(stack.clock().getTime(), loadStarted + 45_000));
    await Promise.all(processes.map((name) => waitUntilReady(stack.service(name), 300_000)));
    const summary = JSON.stringify({ errors: result.errors, notVisible: result.notVisible, done, exits });
    process.stdout.write(`servers restarted: ${done.map(({ server, atAccepted, seconds }) => `${server} at ${atAccepted} (${seconds.toFixed(1)} s down and up)`).join(', ')}; processes that exited and were started again: ${exits.join(', ') || 'none'}\n${loadReport(result, [], 4)}`);

    expect(done.map(({ server }) => server), summary).toEqual(order);
    // While PostgreSQL is away the services answer 503 CTP_NOT_READY (500 for a failure not known as passing): the load sends those again, and reports them by kind.
    expect(result.errors, summary).toEqual({});
    expect(result.notVisible, summary).toEqual({});
    expect(result.accepted, summary).toHaveLength(count);
    const { timers, letters, line } = await reconcileAfterLoad(readers, workOf(result), dueBefore);
    process.stdout.write(line);
    expect(timers.fired, 'no clock timer fell due during the drill').toBeGreaterThan(0);
    expect(letters).toEqual([]);
    // Ready again by itself: no process exited (the supervisor above only stands in for one, and reports a failure).
    expect(exits, summary).toEqual([]);
  }, 1_200_000);
});
