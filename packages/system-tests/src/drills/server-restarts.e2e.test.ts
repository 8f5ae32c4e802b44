import { drillServers, loadReport, planOperations, publishMinuteClocks, reconcileAfterLoad, runLoad, stackTarget, workOf } from '@ctp/load-generator/drill';
import { eventually, mebibytes, processMemoryOf, startServiceStack, waitUntilReady, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServers, type FreshServers } from '../fresh-start/fresh-servers.js';
import { dropPostgresConnections, dropTcpConnections, isServerFault, type ServerFault } from './connection-drops.js';
import { fullDiskKafkaLogs, fullDiskTablespace, type FullDisk } from './full-disk.js';

const processes = ['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics'] as const;
// CI drops every connection to Kafka, restarts PostgreSQL, drops every connection to FerretDB, fills the event store's
// disk, drops every connection to PostgreSQL, then fills Kafka's disk, under a short load; the long forms (scripts/drills/server-restarts.sh,
// scripts/drills/server-faults.sh) restart each server, or drop its connections or fill its disk, several times, under
// a longer one.
const count = Number(process.env.CTP_SERVER_DRILL_OPERATIONS ?? 40);
const order = (process.env.CTP_SERVER_DRILL_SERVERS ?? 'drop:kafka,postgres,drop:ferretdb,full:postgres,drop:postgres,full:kafka').split(',') as ServerFault[];
// Kafka 3.9's two ways of halting on a full disk: a partition's log folder failed (the only one), or the metadata log's append.
const kafkaHalt = /Shutdown broker because all log dirs in .* have failed|Encountered fatal fault: [^(]*/;
const faults = order.map((fault, index) => ({ fault, afterAccepted: Math.round((count * (index + 1)) / (order.length + 1)) }));

/**
 * Under the load, PostgreSQL, Kafka and FerretDB of a set of servers of the drill's own are each stopped and
 * started again (`postgres`), or have every connection to them dropped (`drop:postgres`: each client backend
 * terminated, FerretDB's among them; `drop:kafka`, `drop:ferretdb`: every TCP connection to the port destroyed by
 * `ss -K`), or have the disk under the event store's tables filled until PostgreSQL refuses writes, then freed
 * (`full:postgres`, a tmpfs tablespace: full-disk.ts), or have the disk under Kafka's logs filled until its appends fail, then
 * freed and Kafka started again (`full:kafka`), one fault at a time. A process that exits meanwhile is started again as a supervisor would
 * (docker-compose's `restart: unless-stopped`), and each such exit is reported.
 */
describe(`drill: ${order.join(', ')} (restarts and dropped connections) one at a time under the load`, () => {
  let servers: FreshServers;
  let stack: ServiceStack;
  let readers: Awaited<ReturnType<typeof drillServers>>;
  const disks: { postgres?: FullDisk; kafka?: FullDisk } = {};
  const exits: string[] = [];
  let stopping = false;
  const supervise = (name: string) => {
    const running = stack.service(name);
    running.child.once('exit', (code, signal) => {
      if (stopping) return;
      // Why, in the summary itself: a run's printed output may be cut, the assertion's message is read first.
      exits.push(`${name} (${signal ?? code}: ${exitReason(running.output())})`);
      process.stdout.write(`${name} exited (${signal ?? code}); its last output:\n${running.output().slice(-2500)}\n`);
      stack.restart(name);
      supervise(name);
    });
  };

  beforeAll(async () => {
    servers = await freshServers();
    if (order.includes('full:kafka')) disks.kafka = await fullDiskKafkaLogs(servers);
    await servers.up();
    const urls = { postgres: `postgres://ctp:ctp@127.0.0.1:${servers.ports.postgres}/ctp`, mongo: `mongodb://127.0.0.1:${servers.ports.mongo}/?maxPoolSize=10` };
    stack = await startServiceStack(processes, { EVENT_STORE_URL: urls.postgres, KAFKA_BROKERS: `127.0.0.1:${servers.ports.kafka}`, MONGO_URL: urls.mongo }, 'restarts');
    for (const name of processes) supervise(name);
    readers = await drillServers(stack, urls);
    if (order.includes('full:postgres')) disks.postgres = await fullDiskTablespace(servers);
  }, 600_000);
  afterAll(async () => {
    stopping = true;
    await readers?.close();
    await stack?.stop();
    await servers?.destroy();
    await disks.postgres?.close();
    await disks.kafka?.close();
  }, 300_000);

  it('each fault in turn: every process ready again by itself, every read model equal to the store, every due clock timer fired once, no dead letter', async () => {
    await publishMinuteClocks(stack);
    expect(order.every(isServerFault), `CTP_SERVER_DRILL_SERVERS ${order.join(',')}`).toBe(true);
    const done: { fault: ServerFault; atAccepted: number; at: string; seconds: number; dropped?: number }[] = [];
    const kafkaHalts: string[] = [];
    const ports = { kafka: servers.ports.kafka, ferretdb: servers.ports.mongo };
    const inflict = async (fault: ServerFault) => {
      if (fault === 'drop:postgres') return dropPostgresConnections(readers.postgres);
      if (fault === 'drop:kafka' || fault === 'drop:ferretdb') return dropTcpConnections(ports[fault === 'drop:kafka' ? 'kafka' : 'ferretdb']);
      if (fault === 'full:postgres') {
        // Full until PostgreSQL has refused a few statements for want of space (the services' writes, timers, checkpoints), then freed.
        const from = await disks.postgres!.logSize();
        await disks.postgres!.fill();
        try {
          return await disks.postgres!.logged(from, 3, 120_000);
        } finally {
          await disks.postgres!.free();
        }
      }
      if (fault === 'full:kafka') {
        // Full until Kafka's next append fails and the broker halts: a partition's append (the relay publishes the
        // load's events) fails its only log folder, or the KRaft metadata log's append (a no-op record every 500 ms)
        // is a fatal fault, whichever comes first; then freed, and Kafka started again as an operator would once the disk has room.
        const from = await disks.kafka!.logSize();
        await disks.kafka!.fill();
        try {
          const refused = await disks.kafka!.logged(from, 1, 120_000);
          await eventually(async () => ((await servers.running('kafka')) ? undefined : true), 'Kafka to halt with its disk full', () => '', 90_000);
          kafkaHalts.push((await disks.kafka!.matching(from, kafkaHalt))[0] ?? 'no line of its halt logged');
          await servers.down('kafka');
          return refused;
        } finally {
          await disks.kafka!.free();
          await servers.up('kafka');
        }
      }
      await servers.down(fault);
      await servers.up(fault);
      return undefined;
    };
    let chain = Promise.resolve();
    let next = 0;
    const onAccepted = (accepted: number) => {
      for (; next < faults.length && faults[next]!.afterAccepted <= accepted; next += 1) {
        const { fault } = faults[next]!;
        chain = chain.then(async () => {
          const started = performance.now();
          const at = stack.clock().toISOString();
          const dropped = await inflict(fault);
          done.push({ fault, atAccepted: accepted, at, seconds: (performance.now() - started) / 1000, ...(dropped === undefined ? {} : { dropped }) });
        });
      }
    };
    const loadStarted = stack.clock().getTime();
    const memoryBefore = await residentMemory(stack);
    const operations = planOperations({ seed: 'server-restarts', count, customers: 8, runId: 'restarts' });
    const result = await runLoad({ target: stackTarget(stack), operations, ratePerSecond: 4, seconds: count / 4, visibleWithinMs: 300_000, onAccepted, retryStatuses: [0, 500, 503] });
    await chain;
    // Timers due up to 45 s after the start at least: a case's warning comes 30 s after it opens (its breach at 60 s
    // falls in on a longer load), so the short form has timers to check without waiting for the breaches.
    const dueBefore = new Date(Math.max(stack.clock().getTime(), loadStarted + 45_000));
    const summary = JSON.stringify({ exits, errors: result.errors, notVisible: result.notVisible, retried: result.retried, done });
    const described = ({ fault, atAccepted, seconds, dropped }: (typeof done)[number]) => {
      if (fault === 'full:postgres') return `${fault} at ${atAccepted} (full ${seconds.toFixed(1)} s, ${dropped} statements refused for want of space by then)`;
      if (fault === 'full:kafka') return `${fault} at ${atAccepted} (full until the broker halted, then freed and started again: ${seconds.toFixed(1)} s, ${dropped} failures for want of space in its log)`;
      return dropped === undefined ? `${fault} restarted at ${atAccepted} (${seconds.toFixed(1)} s down and up)` : `${fault} at ${atAccepted} (${dropped} connections)`;
    };
    process.stdout.write(`faults: ${done.map(described).join(', ')}; processes that exited and were started again: ${exits.join(', ') || 'none'}\n${loadReport(result, [], 4)}`);
    if (kafkaHalts.length > 0) process.stdout.write(`Kafka halted on its full disk with: ${kafkaHalts.join('; ')}\n`);
    // Printed first, so a process that does not come back is seen against the faults' times.
    process.stdout.write(`fault times: ${done.map(({ fault, at }) => `${fault} ${at}`).join(', ')}\n`);
    await Promise.all(processes.map((name) => waitUntilReady(stack.service(name), 300_000)));

    expect(done.map(({ fault }) => fault), summary).toEqual(order);
    // While PostgreSQL is away, its connections dropped or its disk full, the services answer 503 CTP_NOT_READY (500 for a
    // failure not known as passing): the load sends those again, and reports them by kind. None may be a 500.
    expect(result.errors, summary).toEqual({});
    const internal = Object.keys(result.retried).filter((kind) => / 500\b/.test(kind));
    // The 500s' own log lines (pino writes the level's name); background errors would crowd them out of a tail.
    for (const name of internal.length > 0 ? processes : []) process.stdout.write(`${name}'s failed requests:\n${stack.service(name).output().split('\n').filter((line) => line.includes('"msg":"request failed"')).slice(-4).join('\n')}\n`);
    expect(internal, summary).toEqual([]);
    // A write never shown: where each service's read models stood, and what the services logged above info.
    if (Object.keys(result.notVisible).length > 0) await printReadSide(stack);
    expect(result.notVisible, summary).toEqual({});
    expect(result.accepted, summary).toHaveLength(count);
    const { timers, letters, line } = await reconcileAfterLoad(readers, workOf(result), dueBefore);
    process.stdout.write(line);
    // Recorded, not asserted: a process that grows with each fault shows here run after run.
    const memoryAfter = await residentMemory(stack);
    process.stdout.write(`resident memory (MiB) before the load and after the faults: ${processes.map((name) => `${name} ${memoryBefore[name] ?? '?'} -> ${memoryAfter[name] ?? '?'}`).join(', ')}\n`);
    expect(timers.fired, 'no clock timer fell due during the drill').toBeGreaterThan(0);
    expect(letters).toEqual([]);
    // Ready again by itself: no process exited (the supervisor above only stands in for one, and reports a failure).
    expect(exits, summary).toEqual([]);
  }, 1_200_000);
});

/** Each process's resident set in MiB, from /proc (a process that has exited is left out). */
async function residentMemory(stack: ServiceStack): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const name of processes) {
    const memory = await processMemoryOf(stack.service(name).child.pid!);
    if (memory) sizes[name] = mebibytes(memory.rssKiB);
  }
  return sizes;
}

/**
 * The process's fatal log message, else the error Node printed when it died of an uncaught one (pg's errors print
 * as `error: ...`), else its last error log line, else its last line.
 */
function exitReason(output: string): string {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  const message = (line: string) => /"msg":"((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line;
  const fatal = lines.findLast((line) => line.includes('"level":"fatal"'));
  const printed = lines.findLast((line) => /^\w*Error\b|^error:|^\[?Unhandled|^node:internal|^Emitted 'error' event/.test(line));
  const logged = lines.findLast((line) => line.includes('"level":"error"'));
  const reason = fatal ? message(fatal) : (printed ?? (logged ? message(logged) : `no fatal line or error in its output; its last line: ${lines.at(-1) ?? '(none)'}`));
  return reason.slice(0, 300);
}

async function printReadSide(stack: ServiceStack): Promise<void> {
  for (const name of processes) {
    const answer = await stack.call(name, 'GET', '/v1/read-models', 'admin').then((response) => response.text(), (error: unknown) => String(error));
    const logged = stack.service(name).output().split('\n').filter((line) => /"level":"(warn|error|fatal)"/.test(line)).slice(-8);
    process.stdout.write(`${name} read models: ${answer}\n${logged.map((line) => `${name} logged: ${line.slice(0, 600)}`).join('\n')}\n`);
  }
}
