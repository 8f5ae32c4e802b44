import { resolve } from 'node:path';
import { dropRunLeftovers, openBench, serverVersion } from './env.js';
import { prefillFeed } from './feed.js';
import { appendBenchmark } from './paths/append.js';
import { drainTimeoutMs, endToEndBenchmark } from './paths/end-to-end.js';
import { projectionBenchmark } from './paths/projection.js';
import { rebuildBenchmark } from './paths/rebuild.js';
import { relayBenchmark, relayBatchSize } from './paths/relay.js';
import { rawBulkSize } from './raw-limits.js';
import { describeMachine, markdownTable, rate, ratio, textTable, writeResults, type Row } from './report.js';
import { spread, type Throughput } from './stats.js';

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
};
const docPath = resolve(import.meta.dirname, '../../../docs/benchmarks.md');
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const machine = describeMachine();
const { bench, close } = await openBench();
const started = performance.now();
const postgresVersion = await serverVersion(bench.postgresUrl);
const rows: Row[] = [];
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
  log(`run ${bench.runId}: ${sizes.events} events per throughput path, median of ${sizes.repeats}`);
  for (const batchSize of [1, 10]) {
    const path = batchSize === 1 ? `append in-process (1 event/append, ${sizes.writers} writers)` : `append in-process, batched (10 events/append, ${sizes.writers} writers)`;
    await attempt(path, '>= 0.85x', async () => {
      rows.push(throughputRow(path, await appendBenchmark(bench, { events: sizes.events, batchSize, writers: sizes.writers, repeats: sizes.repeats }), 0.85));
    });
  }
  await attempt('relay store -> Kafka', '>= 0.7x', async () => {
    const feed = await prefillFeed(bench, sizes.events, 'relayfeed');
    rows.push(throughputRow(`relay store -> Kafka (batches of ${relayBatchSize}, acks -1)`, await relayBenchmark(bench, feed, sizes.repeats), 0.7));
  });
  const feed = await prefillFeed(bench, sizes.mongoEvents, 'mongofeed');
  await attempt('projection Kafka -> Mongo', '>= 0.6x', async () => {
    const result = await projectionBenchmark(bench, feed, sizes.repeats);
    rows.push(throughputRow('projection Kafka -> Mongo', result, 0.6));
    details.push(`  - raw limit = min(raw consume ${rate(result.rawConsume)}, raw bulkWrite ${rate(result.rawBulkWrite)}) events/s (medians)`);
  });
  await attempt('rebuild from store', '>= 0.7x', async () => {
    const result = await rebuildBenchmark(bench, feed, sizes.repeats);
    rows.push(throughputRow('rebuild from store', result, 0.7));
    details.push(`  - raw limit = min(raw readAll ${rate(result.rawRead)}, raw bulkWrite ${rate(result.rawBulkWrite)}) events/s (medians)`);
  });
  await attempt('end to end', 'p99 < 1 s', async () => {
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
} finally {
  log('cleaning up');
  await dropRunLeftovers(bench).catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  await close();
}

const seconds = Math.round((performance.now() - started) / 1000);
process.stdout.write(`\n${textTable(rows)}\n\n${details.join('\n')}\n\nwhole run: ${seconds} s\n`);
writeResults(
  docPath,
  `## Latest run

- started: ${machine.date}; whole run ${seconds} s
- machine: ${machine.cores} cores (nproc), ${machine.cpu}, ${machine.memory}, Node ${machine.node}
- load average before the run (1 / 5 / 15 min): ${machine.loadBefore}
- servers: PostgreSQL ${postgresVersion}, Kafka (one KRaft broker), FerretDB 1.24 on that PostgreSQL (${bench.mongoUrl})
- sizes: ${sizes.events.toLocaleString('en-US')} events for append and relay, ${sizes.mongoEvents.toLocaleString('en-US')} for projection and rebuild, median of ${sizes.repeats} repeats (ours and raw alternating), after a warm-up; raw bulkWrite in commands of ${rawBulkSize} upserts (as the runtime writes on FerretDB)

${markdownTable(rows)}

Per repeat:

${details.join('\n')}
`,
);
log(`wrote ${docPath}`);
