import type { TieringResult } from './paths/tiering.js';
import { markdownGrid, rate, ratio, textGrid, type Machine } from './report.js';
import { median, spread } from './stats.js';

const head = ['row', 'ours', 'raw limit: SQL read of the customer streams', 'ours/raw (customers/s)', 'target', 'met'];

export interface TieringReport {
  readonly text: string;
  readonly markdown: string;
  readonly details: readonly string[];
}

/** The two tiering rows (median over the repeats) and what each repeat measured. */
export function tieringReport(result: TieringResult): TieringReport {
  const { history, repeats } = result;
  const customers = repeats[0]!.customers;
  if (repeats.some((repeat) => repeat.customers !== customers)) throw new Error(`the dry runs assessed different numbers of customers: ${repeats.map((repeat) => repeat.customers).join(', ')}`);
  const seconds = (values: number[]) => `${median(values).toFixed(1)} s (${rate(customers / median(values))} customers/s)`;
  const raw = repeats.map((repeat) => repeat.rawSeconds);
  const dryRun = repeats.map((repeat) => repeat.dryRunSeconds);
  const rescoring = repeats.map((repeat) => repeat.rescoring.seconds);
  const slowestDryRun = Math.max(...dryRun);
  const body = [
    ['tiering dry run (POST /v1/tier-policy/dry-run, request to answer)', seconds(dryRun), seconds(raw), ratio(median(raw), median(dryRun)), '< 60 s (every repeat)', slowestDryRun < 60 ? 'yes' : 'NO'],
    ['tiering re-scoring (PUT /v1/tier-policy to its rollout timer fired)', seconds(rescoring), seconds(raw), ratio(median(raw), median(rescoring)), '- (benchmarked)', '-'],
  ];
  const list = (values: number[]) => `${values.map((value) => value.toFixed(1)).join(', ')} s (spread ${(spread(values) * 100).toFixed(0)} %)`;
  const counts = (record: Readonly<Record<string, number>>) => Object.entries(record).map(([key, count]) => `${key} ${rate(count)}`).join(', ');
  const details = [
    `- data set: seed ${history.seed}, ${rate(history.customers)} people simulated from ${history.from} to ${history.to} (exclusive): ${rate(history.facts)} facts stored as ${rate(history.events)} events in schema ${history.schema}; ${rate(customers)} customers to tier (registered ids less those merged away or erased). Loaded ${history.loadedNow ? 'in this run' : `by an earlier run (${history.loadedAt.slice(0, 16).replace('T', ' ')} UTC)`} in ${history.loadSeconds} s, not timed`,
    `- dry run: ${list(dryRun)}; the service's own elapsedMs ${list(repeats.map((repeat) => repeat.dryRunServerSeconds))}`,
    `- raw read: ${list(raw)}, ${rate(repeats[0]!.rawEvents)} events`,
    `- first rollout (the initial assessment, not timed as a row; its PUT calibrates the percentile policy, reading the whole history): ${list(repeats.map((repeat) => repeat.initial.seconds))}; decisions: ${counts(repeats[0]!.initial.decisionTypes)}`,
    `- re-scoring: ${list(rescoring)}; decisions: ${repeats.map((repeat) => counts(repeat.rescoring.decisionTypes) || 'none').join(' / ')}`,
    `- tiers after the dry run's proposed policy: ${counts(repeats[0]!.distributionAfter)}`,
    `- a fresh tiering process per repeat (start to /ready ${Math.min(...repeats.map((repeat) => repeat.startSeconds)).toFixed(1)} to ${Math.max(...repeats.map((repeat) => repeat.startSeconds)).toFixed(1)} s, not timed); tiering built ${result.builtAt.slice(0, 19).replace('T', ' ')} UTC`,
  ];
  return { text: textGrid(head, body), markdown: markdownGrid(head, body), details };
}

export interface RunContext {
  readonly machine: Machine;
  readonly postgresVersion: string;
  readonly seconds: number;
  readonly loadAfter: string;
  readonly repeats: number;
}

/** The generated part of the doc's tiering section. */
export function tieringSection(report: TieringReport | { readonly failed: string }, run: RunContext): string {
  const { machine } = run;
  const about = `- started: ${machine.date}; whole run ${run.seconds} s
- machine: ${machine.cores} cores (nproc), ${machine.cpu}, ${machine.memory}, Node ${machine.node}
- load average (1 / 5 / 15 min) before the run: ${machine.loadBefore}; after it: ${run.loadAfter}
- servers: PostgreSQL ${run.postgresVersion}, Kafka (one KRaft broker), FerretDB 1.24 on that PostgreSQL
- median of ${run.repeats} repeats, dry run and raw read alternating which goes first`;
  const body = 'failed' in report ? `Not measured, the run failed: ${report.failed}` : `${report.markdown}\n\nPer repeat:\n\n${report.details.join('\n')}`;
  return `### Latest tiering run\n\n${about}\n\n${body}\n`;
}
