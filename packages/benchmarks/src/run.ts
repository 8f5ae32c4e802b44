import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { dropRunLeftovers, openBench, serverVersion } from './env.js';
import { prefillFeed } from './feed.js';
import { dashboardReport, dashboardSection, type DashboardReport } from './dashboard-report.js';
import { appendBenchmark } from './paths/append.js';
import { atSizeBenchmark } from './paths/at-size.js';
import { dashboardBenchmark } from './paths/dashboard.js';
import { drainTimeoutMs, endToEndBenchmark } from './paths/end-to-end.js';
import { intakeBenchmark } from './paths/intake.js';
import { projectionBenchmark } from './paths/projection.js';
import { readsBenchmark } from './paths/reads.js';
import { rebuildBenchmark } from './paths/rebuild.js';
import { relayBenchmark, relayBatchSize } from './paths/relay.js';
import { tieringBenchmark } from './paths/tiering.js';
import { timersBenchmark } from './paths/timers.js';
import { rawBulkSize, rawCommandsInFlight } from './raw-limits.js';
import { readsReport, readsSection, type ReadsReport } from './reads-report.js';
import { describeMachine, markdownTable, rate, ratio, textTable, writeBlock, writeResults, writeSelectedResults, type Row } from './report.js';
import { selectedRows } from './select.js';
import { spread, type Throughput } from './stats.js';
import { tieringReport, tieringSection, type TieringReport } from './tiering-report.js';
import { timersReport, timersSection, type TimersReport } from './timers-report.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const sizes = {
  events: Number(process.env.BENCH_EVENTS ?? 20_000),
  /** Projection and rebuild: FerretDB writes under 1,000 upserts/s here, so 20,000 would not fit the time budget. */
  mongoEvents: Number(process.env.BENCH_MONGO_EVENTS ?? 2_500),
  repeats: Number(process.env.BENCH_REPEATS ?? 3),
  writers: 8,
  e2eRate: 1_000,
  e2eSeconds: Number(process.env.BENCH_E2E_SECONDS ?? 20),
  /** An extra end-to-end phase below the read model's write limit. */
  e2eLowRate: 200,
  intakeFacts: Number(process.env.BENCH_INTAKE_FACTS ?? process.env.BENCH_EVENTS ?? 20_000),
  intakeBatches: list(process.env.BENCH_INTAKE_BATCHES ?? '100,500'),
  intakeClients: list(process.env.BENCH_INTAKE_CLIENTS ?? '2,4'),
  tieringCustomers: Number(process.env.BENCH_TIERING_CUSTOMERS ?? 100_000),
  /** Read-model writes at size: documents already in the read model, and the size it is compared with. */
  sizeDocuments: Number(process.env.BENCH_SIZE_DOCUMENTS ?? 100_000),
  sizeBase: Number(process.env.BENCH_SIZE_BASE ?? 1_000),
  sizeRaw: process.env.BENCH_SIZE_RAW === '1',
  /** sla's clock timers: the short form by default; the issue's size is BENCH_TIMERS_TOTAL=100000 BENCH_TIMERS_DUE=10000. */
  timersTotal: Number(process.env.BENCH_TIMERS_TOTAL ?? 10_000),
  timersDue: Number(process.env.BENCH_TIMERS_DUE ?? 1_000),
  /** Read latency: customers in the read models, and timed calls per route. */
  readsCustomers: Number(process.env.BENCH_READS_CUSTOMERS ?? 100_000),
  readsCalls: Number(process.env.BENCH_READS_CALLS ?? 200),
  readsRouteSeconds: Number(process.env.BENCH_READS_ROUTE_SECONDS ?? 3_600),
  readsMachineQuietSeconds: Number(process.env.BENCH_READS_MACHINE_QUIET_SECONDS ?? 300),
  /** The dashboard over the demo data: its customers and cases (start.sh's defaults), and openings of the page after a new event. */
  dashboardCustomers: Number(process.env.BENCH_DASHBOARD_CUSTOMERS ?? 1_000),
  dashboardCases: Number(process.env.BENCH_DASHBOARD_CASES ?? 150),
  dashboardLoads: Number(process.env.BENCH_DASHBOARD_LOADS ?? 5),
};
function list(value: string): number[] {
  return value.split(',').map((item) => Number(item.trim()));
}
/** `--only intake,append` (or BENCH_ONLY): run just these rows; all when absent. */
const only = selectedRows(process.argv.slice(2), process.env.BENCH_ONLY);
/** Where results are written: docs/benchmarks.md, or BENCH_REPORT (the short forms' test writes elsewhere). */
const docPath = resolve(process.env.BENCH_REPORT ?? resolve(import.meta.dirname, '../../../docs/benchmarks.md'));
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const machine = describeMachine();
const { bench, close } = await openBench();
const started = performance.now();
const postgresVersion = await serverVersion(bench.postgresUrl);
const rows: Row[] = [];
let tiering: TieringReport | { failed: string } | undefined;
let timers: TimersReport | { failed: string } | undefined;
let reads: ReadsReport | { failed: string } | undefined;
let dashboard: DashboardReport | { failed: string } | undefined;
/** The at-size row, also written to a block of its own (so `--only size` leaves other sections alone). */
let atSize: { row: Row; details: string[]; loadBefore: string; loadAfter: string } | undefined;
const details: string[] = [];
const throughputRow = (path: string, result: { ours: Throughput; raw: Throughput }, target: number): Row => {
  const value = result.ours.median / result.raw.median;
  details.push(`- ${path}: ours ${result.ours.samples.map(rate).join(', ')} events/s (spread ${(spread(result.ours.samples) * 100).toFixed(0)} %); raw ${result.raw.samples.map(rate).join(', ')} (spread ${(spread(result.raw.samples) * 100).toFixed(0)} %)`);
  return { path, ours: rate(result.ours.median), raw: rate(result.raw.median), ratio: ratio(result.ours.median, result.raw.median), target: `>= ${target}x`, met: value >= target };
};
const attempt = async (path: string, target: string, run: () => Promise<void>) => {
  try {
    log(`${path}...`);
    await run();
  } catch (error) {
    log(`${path} failed: ${error instanceof Error ? error.stack : String(error)}`);
    rows.push({ path, ours: 'failed', raw: '-', ratio: '-', target, met: null });
    details.push(`- ${path}: not measured, the run failed: ${error instanceof Error ? error.message : String(error)}`);
  }
};

try {
  log(`run ${bench.runId}: rows ${only.names.join(', ')}; median of ${sizes.repeats}`);
  for (const batchSize of only.has('append') ? [1, 10] : []) {
    const path = batchSize === 1 ? `append in-process (1 event/append, ${sizes.writers} writers)` : `append in-process, batched (10 events/append, ${sizes.writers} writers)`;
    await attempt(path, '>= 0.85x', async () => {
      rows.push(throughputRow(path, await appendBenchmark(bench, { events: sizes.events, batchSize, writers: sizes.writers, repeats: sizes.repeats }), 0.85));
    });
  }
  if (only.has('intake')) {
    const path = 'intake over HTTP, batches';
    await attempt(path, '>= 0.6x', async () => {
      const cells = sizes.intakeBatches.flatMap((batchSize) => sizes.intakeClients.map((clients) => ({ batchSize, clients })));
      const result = await intakeBenchmark(bench, { facts: sizes.intakeFacts, cells, repeats: sizes.repeats, rawWriters: sizes.writers });
      const best = result.cells.reduce((a, b) => (b.throughput.median > a.throughput.median ? b : a));
      const label = ({ batchSize, clients }: { batchSize: number; clients: number }) => `${batchSize} facts/request, ${clients} clients`;
      rows.push(throughputRow(`${path} (best: ${label(best.cell)}; raw: 1-event INSERTs, ${sizes.writers} writers)`, { ours: best.throughput, raw: result.raw }, 0.6));
      for (const { cell, throughput } of result.cells) {
        details.push(`  - ${label(cell)}: median ${rate(throughput.median)} facts/s (${ratio(throughput.median, result.raw.median)}); ${throughput.samples.map(rate).join(', ')} (spread ${(spread(throughput.samples) * 100).toFixed(0)} %)`);
      }
      details.push(`  - ${sizes.intakeFacts.toLocaleString('en-US')} synthetic facts per run (seed bench-intake), a fresh intake process per run (start to /ready ${Math.min(...result.startSeconds).toFixed(1)} to ${Math.max(...result.startSeconds).toFixed(1)} s, not timed), warmed with 2,000 other facts before the clock; intake built ${result.builtAt.slice(0, 19).replace('T', ' ')} UTC`);
    });
  }
  if (only.has('relay')) {
    await attempt('relay store -> Kafka', '>= 0.7x', async () => {
      const feed = await prefillFeed(bench, sizes.events, 'relayfeed');
      rows.push(throughputRow(`relay store -> Kafka (batches of ${relayBatchSize}, acks -1)`, await relayBenchmark(bench, feed, sizes.repeats), 0.7));
    });
  }
  const feed = only.has('projection') || only.has('rebuild') || only.has('size') ? await prefillFeed(bench, sizes.mongoEvents, 'mongofeed') : undefined;
  if (feed && only.has('projection')) await attempt('projection Kafka -> Mongo', '>= 0.6x', async () => {
    const result = await projectionBenchmark(bench, feed, sizes.repeats);
    rows.push(throughputRow('projection Kafka -> Mongo', result, 0.6));
    details.push(`  - raw limit = min(raw consume ${rate(result.rawConsume)}, raw bulkWrite ${rate(result.rawBulkWrite)}) events/s (medians)`);
  });
  if (feed && only.has('rebuild')) await attempt('rebuild from store', '>= 0.7x', async () => {
    const result = await rebuildBenchmark(bench, feed, sizes.repeats);
    rows.push(throughputRow('rebuild from store', result, 0.7));
    details.push(`  - raw limit = min(raw readAll ${rate(result.rawRead)}, raw bulkWrite ${rate(result.rawBulkWrite)}) events/s (medians)`);
  });
  if (feed && only.has('size')) {
    const path = `read-model writes at size (runtime into ${sizes.sizeDocuments.toLocaleString('en-US')} documents; raw column: the same at ${sizes.sizeBase.toLocaleString('en-US')})`;
    const target = '>= 3,000/s and >= 0.8x';
    const loadBefore = loadavg().map((load) => load.toFixed(2)).join(' / ');
    try {
      log(`${path}...`);
      const result = await atSizeBenchmark(bench, feed, { large: sizes.sizeDocuments, small: sizes.sizeBase, repeats: sizes.repeats, raw: sizes.sizeRaw }, log);
      const list = (samples: readonly number[]) => `${samples.map(rate).join(', ')} events/s (spread ${(spread(samples) * 100).toFixed(0)} %)`;
      atSize = {
        row: { path, ours: rate(result.large.median), raw: rate(result.small.median), ratio: ratio(result.large.median, result.small.median), target, met: result.large.median >= 3_000 && result.large.median / result.small.median >= 0.8 },
        details: [
          `- ${path}: at ${sizes.sizeDocuments.toLocaleString('en-US')} ${list(result.large.samples)}; at ${sizes.sizeBase.toLocaleString('en-US')} ${list(result.small.samples)}`,
          ...(result.raw ? [`  - raw bulkWrite of the same upserts (commands of ${rawBulkSize}, ${rawCommandsInFlight} at once) into the same collections: at ${sizes.sizeDocuments.toLocaleString('en-US')} median ${rate(result.raw.large.median)} events/s, at ${sizes.sizeBase.toLocaleString('en-US')} ${rate(result.raw.small.median)} (${ratio(result.raw.large.median, result.raw.small.median)}); ${result.raw.large.samples.map(rate).join(', ')} vs ${result.raw.small.samples.map(rate).join(', ')}`] : []),
          `  - ${sizes.mongoEvents.toLocaleString('en-US')} events for ${result.documentsWritten.toLocaleString('en-US')} customers: each run inserts their documents, then updates them; read models filled beforehand with raw insertMany (${Object.entries(result.fillSeconds).map(([documents, seconds]) => `${Number(documents).toLocaleString('en-US')} documents in ${seconds.toFixed(1)} s`).join(', ')}, not timed)`,
        ],
        loadBefore,
        loadAfter: loadavg().map((load) => load.toFixed(2)).join(' / '),
      };
      atSize.details.push(`  - load average (1 / 5 / 15 min) when this row started: ${atSize.loadBefore}; when it ended: ${atSize.loadAfter}`);
    } catch (error) {
      log(`${path} failed: ${error instanceof Error ? error.stack : String(error)}`);
      atSize = { row: { path, ours: 'failed', raw: '-', ratio: '-', target, met: null }, details: [`- ${path}: not measured, the run failed: ${error instanceof Error ? error.message : String(error)}`], loadBefore, loadAfter: loadavg().map((load) => load.toFixed(2)).join(' / ') };
    }
    if (only.all) {
      rows.push(atSize.row);
      details.push(...atSize.details);
    }
  }
  if (only.has('e2e')) await attempt('end to end', 'p99 < 1 s', async () => {
    const phases = [{ ratePerSecond: sizes.e2eLowRate, seconds: 10 }, { ratePerSecond: sizes.e2eRate, seconds: sizes.e2eSeconds }];
    const results = await endToEndBenchmark(bench, { ratePerSecond: 100, seconds: 2 }, phases);
    for (const { phase, latency, append, sent, achievedRate, invisible, failures } of results.reverse()) {
      const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : 'never');
      const target = phase.ratePerSecond === sizes.e2eRate;
      rows.push({
        path: `end to end, store append -> read model, ${phase.ratePerSecond}/s for ${phase.seconds} s${target ? '' : ' (extra)'}`,
        ours: `p50 ${ms(latency.p50)} / p95 ${ms(latency.p95)} / p99 ${ms(latency.p99)} / max ${ms(latency.max)} ms`,
        raw: '-', ratio: '-', target: target ? 'p99 < 1 s' : '(p99 < 1 s)', met: latency.p99 < 1_000 && invisible === 0 && failures === 0,
      });
      details.push(`- end to end at ${phase.ratePerSecond}/s: ${latency.count - invisible} of ${sent} events seen visible (${invisible} not within ${drainTimeoutMs / 1000} s of the last append, counted as never in the percentiles; ${failures} appends failed), appended at ${rate(achievedRate)}/s; the append alone p50 ${ms(append.p50)} / p99 ${ms(append.p99)} ms`);
    }
  });
  if (only.has('tiering')) {
    try {
      log('tiering...');
      tiering = tieringReport(await tieringBenchmark(bench, { customers: sizes.tieringCustomers, seed: 'bench-tiering', repeats: sizes.repeats, log }));
    } catch (error) {
      log(`tiering failed: ${error instanceof Error ? error.stack : String(error)}`);
      tiering = { failed: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    }
  }
  if (only.has('timers')) {
    const options = { total: sizes.timersTotal, due: sizes.timersDue, windowMs: sizes.timersDue * 6 };
    try {
      log('timers...');
      timers = timersReport(await timersBenchmark(bench, { ...options, log }), options);
    } catch (error) {
      log(`timers failed: ${error instanceof Error ? error.stack : String(error)}`);
      timers = { failed: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    }
  }
  if (only.has('reads')) {
    const options = { customers: sizes.readsCustomers, calls: sizes.readsCalls, routeSeconds: sizes.readsRouteSeconds, machineQuietSeconds: sizes.readsMachineQuietSeconds };
    try {
      log('reads...');
      reads = readsReport(await readsBenchmark(bench, { ...options, log }), options);
    } catch (error) {
      log(`reads failed: ${error instanceof Error ? error.stack : String(error)}`);
      reads = { failed: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    }
  }
  if (only.has('dashboard')) {
    const options = { customers: sizes.dashboardCustomers, cases: sizes.dashboardCases, loads: sizes.dashboardLoads };
    try {
      log('dashboard...');
      dashboard = dashboardReport(await dashboardBenchmark(bench, { ...options, log }), options);
    } catch (error) {
      log(`dashboard failed: ${error instanceof Error ? error.stack : String(error)}`);
      dashboard = { failed: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    }
  }
} finally {
  log('cleaning up');
  await dropRunLeftovers(bench).catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  await close();
}

const seconds = Math.round((performance.now() - started) / 1000);
const loadAfter = loadavg().map((load) => load.toFixed(2)).join(' / ');
const mainRows = only.names.filter((name) => name !== 'tiering' && name !== 'timers' && name !== 'reads' && name !== 'dashboard' && (only.all || name !== 'size'));
if (mainRows.length > 0) process.stdout.write(`\n${textTable(rows)}\n\n${details.join('\n')}\n`);
if (atSize && !only.all) process.stdout.write(`\n${textTable([atSize.row])}\n\n${atSize.details.join('\n')}\n`);
if (tiering) process.stdout.write(`\n${'failed' in tiering ? `tiering: not measured, ${tiering.failed}` : `${tiering.text}\n\n${tiering.details.join('\n')}`}\n`);
if (timers) process.stdout.write(`\n${'failed' in timers ? `timers: not measured, ${timers.failed}` : `${timers.text}\n\n${timers.details.join('\n')}`}\n`);
if (reads) process.stdout.write(`\n${'failed' in reads ? `reads: not measured, ${reads.failed}` : `${reads.text}\n\n${reads.details.join('\n')}`}\n`);
if (dashboard) process.stdout.write(`\n${'failed' in dashboard ? `dashboard: not measured, ${dashboard.failed}` : `${dashboard.text}\n\n${dashboard.details.join('\n')}`}\n`);
process.stdout.write(`\nwhole run: ${seconds} s\n`);
const sizeLines = [
  ...(only.has('append') || only.has('relay') ? [`${sizes.events.toLocaleString('en-US')} events for append and relay`] : []),
  ...(only.has('intake') ? [`${sizes.intakeFacts.toLocaleString('en-US')} facts for intake (batches of ${sizes.intakeBatches.join(' and ')} facts x ${sizes.intakeClients.join(' and ')} clients)`] : []),
  ...(only.has('projection') || only.has('rebuild') ? [`${sizes.mongoEvents.toLocaleString('en-US')} for projection and rebuild`] : []),
  ...(only.all && only.has('size') ? [`${sizes.mongoEvents.toLocaleString('en-US')} into read models of ${sizes.sizeDocuments.toLocaleString('en-US')} and ${sizes.sizeBase.toLocaleString('en-US')} documents`] : []),
];
const about = `- started: ${machine.date}; whole run ${seconds} s
- machine: ${machine.cores} cores (nproc), ${machine.cpu}, ${machine.memory}, Node ${machine.node}
- load average (1 / 5 / 15 min) before the run: ${machine.loadBefore}; after it: ${loadAfter}
- servers: PostgreSQL ${postgresVersion}, Kafka (one KRaft broker), FerretDB 1.24 on that PostgreSQL (${bench.mongoUrl})
- sizes: ${sizeLines.join(', ')}; median of ${sizes.repeats} repeats (ours and raw alternating), after a warm-up${only.has('projection') || only.has('rebuild') ? `; raw bulkWrite in commands of ${rawBulkSize} upserts, ${rawCommandsInFlight} at once (as the runtime writes)` : ''}

${markdownTable(rows)}

Per repeat:

${details.join('\n')}
`;
if (only.all) {
  writeResults(docPath, `## Latest run\n\n${about}`);
} else if (mainRows.length > 0) {
  writeSelectedResults(
    docPath,
    `## Latest run of selected rows (${mainRows.join(', ')})\n\nMeasured alone with \`--only ${mainRows.join(',')}\`, after the full run above and not part of it; the next full run replaces this section.\n\n${about}`,
  );
}
if (atSize) {
  writeBlock(docPath, 'bench-size', 'written by `pnpm --filter @ctp/benchmarks bench` and `--only size`', `### Latest run of read-model writes at size

- started: ${machine.date}${only.all ? ' (part of the full run)' : ''}; whole run ${seconds} s
- machine: ${machine.cores} cores (nproc), ${machine.cpu}, ${machine.memory}, Node ${machine.node}
- servers: PostgreSQL ${postgresVersion}, Kafka (one KRaft broker), FerretDB 1.24 on that PostgreSQL (${bench.mongoUrl})
- median of ${sizes.repeats} repeats, the two sizes alternating which goes first, after a warm-up at ${sizes.sizeBase.toLocaleString('en-US')}

${markdownTable([atSize.row])}

${atSize.details.join('\n')}
`);
}
if (tiering) {
  const context = { machine, postgresVersion, seconds, loadAfter, repeats: sizes.repeats };
  writeBlock(docPath, 'bench-tiering', 'written by `pnpm --filter @ctp/benchmarks bench -- --only tiering`', tieringSection(tiering, context));
}
if (timers) writeBlock(docPath, 'bench-timers', 'written by `pnpm --filter @ctp/benchmarks bench -- --only timers`', timersSection(timers, { machine, postgresVersion, seconds, loadAfter }));
if (reads) writeBlock(docPath, 'bench-reads', 'written by `pnpm --filter @ctp/benchmarks bench -- --only reads`', readsSection(reads, { machine, postgresVersion, seconds, loadAfter }));
if (dashboard) writeBlock(docPath, 'bench-dashboard', 'written by `pnpm --filter @ctp/benchmarks bench -- --only dashboard`', dashboardSection(dashboard, { machine, postgresVersion, seconds, loadAfter }));
log(`wrote ${docPath}`);
// The report is written: end here. A client's idle socket or timer left behind by a row kept the finished
// run alive at times (seen in CI: the short forms done in 36 s, the process still running 11 minutes later).
process.exit(0);
