import { callLimitMs, quietMachineShare, type ReadRoute, type ReadsOptions, type ReadsResult } from './paths/reads.js';
import { markdownGrid, rate, textGrid, type Machine } from './report.js';

const head = ['read route', 'service', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'calls', 'machine busy before', 'target', 'met'];
const budgetMs = 100;

export interface ReadsReport {
  readonly text: string;
  readonly markdown: string;
  readonly details: readonly string[];
}

export function readsReport(result: ReadsResult, options: Omit<ReadsOptions, 'log'>): ReadsReport {
  const ms = (value: number) => (value >= 1_000 ? rate(value) : value.toFixed(1));
  const over = `> ${rate(callLimitMs)}`;
  const busy = ({ machineBusy, machineSettled }: ReadRoute['machine']) => `${(machineBusy * 100).toFixed(0)} %${machineSettled ? '' : ' (not settled)'}`;
  const rows = result.routes.map(({ route, service, latency, calls, machine }) => [
    route, service, latency ? ms(latency.p50) : over, latency ? ms(latency.p99) : over, latency ? ms(latency.max) : over, latency ? String(calls) : `${calls} (no answer)`, busy(machine), `p99 < ${budgetMs} ms`, latency && latency.p99 < budgetMs ? 'yes' : 'NO',
  ]);
  const details = [
    `- ${rate(options.customers)} customers: registered through intake's POST /v1/events (500 per request, 4 clients: ${result.fillSeconds.intakeFacts.toFixed(1)} s); intake's summaries (${result.fillSeconds.summaries.toFixed(1)} s) and tiering's tier documents, tier counts and one movement per customer over 24 months (${result.fillSeconds.tiers.toFixed(1)} s) written with raw insertMany in their projections' shapes; none of this timed`,
    `- sla: ${rate(Math.floor(options.customers / 5))} cases (one per 5 customers) decided by sla's decider, appended to its store and folded into its cases and pauses read model by its projection (${result.fillSeconds.cases.toFixed(1)} s); feedback: a complaint stream per complaint case in its store, and its contacts (every customer's cadence), survey scores and follow-ups (a survey per resolved case) and improvement actions read models, decided by its deciders and folded by its projections (${result.fillSeconds.feedback.toFixed(1)} s); tiering's tier streams (up to 3 events per customer) appended after the rows above were timed, and the history timed once the tier count follower had counted them (${result.fillSeconds.tierStreams.toFixed(1)} s); analytics then started on the same store, its tier figures timed once its tier month follower had followed the tier streams (${result.fillSeconds.tierMonths.toFixed(1)} s), each call counted (\`Cache-Control: no-cache\`), never an answer kept from the call before; a second analytics started on sla's store, its service-level figures timed once its service-level month follower had followed the case streams (${result.fillSeconds.serviceLevelMonths.toFixed(1)} s), counted the same way`,
    `- analytics' customer 360, churn, retention, targets, report and listing rows: every customer's registration and 1 to 12 purchases over 24 months (seeded) appended to the store analytics follows (its retention month follower follows them before the rows are timed), and its contact cadence (feedback's contact decider), with every case's stream as sla's decider records it, folded with the store's other events by analytics' own projections' handle and written with raw insertMany (together ${result.fillSeconds.analyticsHistories.toFixed(1)} s; through a relay and the running projections 5,000 customers took 225 s); the 2026-11 monthly report built once by analytics' own code before its row; today's churn ranking and the 180-day backtest from 2026-06-01 counted once by analytics' own code before their rows, as its daily scan and a first request count them (${result.fillSeconds.churnCounts.ranking.toFixed(1)} s and ${result.fillSeconds.churnCounts.backtest.toFixed(1)} s), the rows reading the kept counts`,
    `- each route timed once every service's process has settled (each under 10 % of a core over 500 ms: the followers done with the fill, a count set off by the row before ended) and the machine as a whole has too (every process on it, the servers' own work such as PostgreSQL's autovacuum after the fill among them, under ${quietMachineShare * 100} % of its cores over 500 ms, waited for up to ${rate(options.machineQuietSeconds)} s; \`machine busy before\` is its share over the last 500 ms before the calls, \`not settled\` when the wait ran out), then calls one after another from one client with the analyst's key, each to a random customer, after a warm-up; a route whose first call took over 2 s is called 3 times only; a route's timed calls stop once they took ${rate(options.routeSeconds)} s, after at least one`,
    `- garbage collection pauses of the answering process while a row's calls ran, where any took 50 ms or more (count of 50 ms or more / of those 100 ms or more / all pauses): ${longPauses(result.routes)}`,
    `- each service's resident memory once every row was timed, and its peak over the run (VmRSS / VmHWM, MiB): ${result.memory.map(({ process, rssMiB, peakMiB }) => `${process} ${rssMiB} / ${peakMiB}`).join(', ')}`,
  ];
  return { text: textGrid(head, rows), markdown: markdownGrid(head, rows), details };
}

export function readsSection(report: ReadsReport | { readonly failed: string }, run: { readonly machine: Machine; readonly postgresVersion: string; readonly seconds: number; readonly loadAfter: string }): string {
  const { machine } = run;
  const about = `- started: ${machine.date}; whole run ${run.seconds} s
- machine: ${machine.cores} cores (nproc), ${machine.cpu}, ${machine.memory}, Node ${machine.node}
- load average (1 / 5 / 15 min) before the run: ${machine.loadBefore}; after it: ${run.loadAfter}
- servers: PostgreSQL ${run.postgresVersion}, FerretDB 1.24 on that PostgreSQL`;
  const body = 'failed' in report ? `Not measured, the run failed: ${report.failed}` : `${report.markdown}\n\n${report.details.join('\n')}`;
  return `### Latest read latency run\n\n${about}\n\n${body}\n`;
}

function longPauses(routes: readonly ReadRoute[]): string {
  const long = routes.filter(({ gcPauses }) => gcPauses.over50ms > 0);
  return long.length === 0 ? 'none' : long.map(({ route, gcPauses }) => `${route} ${gcPauses.over50ms} / ${gcPauses.over100ms} / ${gcPauses.all}`).join('; ');
}
